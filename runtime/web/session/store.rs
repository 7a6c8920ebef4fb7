//! [`SessionStore`]: where session data lives between requests, and the
//! [`SessionRecord`] a store keeps. Two stores come with twain: the signed
//! cookie (`cookie_store.rs`, the default) and memory (`memory.rs`). A
//! database store comes with the data layer; any other (Redis, a file) is an
//! implementation of this trait.

use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use serde_json::{Map, Value};

use crate::core::Error;

/// A boxed future borrowing the store.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// One session: its data and when it expires.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// The values, by key, as JSON.
    pub data: Map<String, Value>,
    /// After this the session is gone: `load` must not return it.
    pub expires_at: SystemTime,
}

/// Where sessions are kept. The session cookie (signed with the app's key)
/// carries what [`save`](SessionStore::save) returns: the data itself for a
/// cookie store, a session id for a server-side store.
///
/// Methods are async so that a store can talk to the network; a store over a
/// blocking driver runs its calls with `twain::sync_to_async`. They are
/// called on the async side: `load` when a view or middleware first takes
/// the [`Session`](crate::web::Session), `save` / `delete` once the response
/// is ready, before it is sent.
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
/// use twain::web::{SessionRecord, SessionStore, StoreFuture};
///
/// /// Sessions in a map, with ids counted up (a real store uses random ids).
/// #[derive(Default)]
/// struct Counted(Mutex<(u64, HashMap<String, SessionRecord>)>);
///
/// impl SessionStore for Counted {
///     fn load<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, Option<SessionRecord>> {
///         Box::pin(async move { Ok(self.0.lock().unwrap().1.get(cookie).cloned()) })
///     }
///     fn save<'a>(&'a self, cookie: Option<&'a str>, record: SessionRecord) -> StoreFuture<'a, String> {
///         Box::pin(async move {
///             let mut map = self.0.lock().unwrap();
///             let id = match cookie {
///                 Some(id) => id.to_owned(),
///                 None => { map.0 += 1; map.0.to_string() }
///             };
///             map.1.insert(id.clone(), record);
///             Ok(id)
///         })
///     }
///     fn delete<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, ()> {
///         Box::pin(async move { self.0.lock().unwrap().1.remove(cookie); Ok(()) })
///     }
/// }
/// ```
pub trait SessionStore: Send + Sync + 'static {
    /// The session whose cookie holds `cookie`; `None` when there is none (or
    /// it expired).
    fn load<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, Option<SessionRecord>>;

    /// Saves `record` and returns the cookie value to send. `cookie` is the
    /// value the client sent, `None` for a new session or one whose id is
    /// being cycled (a server store then makes a new id).
    fn save<'a>(
        &'a self,
        cookie: Option<&'a str>,
        record: SessionRecord,
    ) -> StoreFuture<'a, String>;

    /// Forgets the session whose cookie holds `cookie`.
    fn delete<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, ()>;
}
