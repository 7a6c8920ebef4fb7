//! [`MemoryStore`]: sessions kept in this process's memory, by a random id
//! carried in the session cookie. For one-process apps and tests; expired
//! sessions are dropped as they are met and in a sweep every 1024 saves.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use super::store::{SessionRecord, SessionStore, StoreFuture};

/// A server-side session store in memory: the cookie holds only a random id
/// (244 random bits), and flushing a session really forgets it. Sessions are
/// lost when the process exits, and not shared between processes.
///
/// ```
/// use twain::prelude::*;
/// use twain::web::{MemoryStore, SessionConfig};
///
/// let app = App::new().state(SessionConfig::new(MemoryStore::new()));
/// # let _ = app;
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<String, SessionRecord>,
    saves: u64,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryStore::default()
    }

    /// How many sessions are stored (expired ones not yet swept included).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// Whether no session is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A new random session id.
pub(crate) fn new_id() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl SessionStore for MemoryStore {
    fn load<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(async move {
            let mut inner = self.lock();
            match inner.map.get(cookie) {
                Some(record) if record.expires_at > SystemTime::now() => Ok(Some(record.clone())),
                Some(_) => {
                    inner.map.remove(cookie);
                    Ok(None)
                }
                None => Ok(None),
            }
        })
    }

    fn save<'a>(
        &'a self,
        cookie: Option<&'a str>,
        record: SessionRecord,
    ) -> StoreFuture<'a, String> {
        Box::pin(async move {
            let mut inner = self.lock();
            inner.saves += 1;
            if inner.saves.is_multiple_of(1024) {
                let now = SystemTime::now();
                inner.map.retain(|_, record| record.expires_at > now);
            }
            // An id the store does not know (expired, or made up by the
            // client) is never reused: session fixation.
            let id = match cookie {
                Some(id) if inner.map.contains_key(id) => id.to_owned(),
                _ => new_id(),
            };
            inner.map.insert(id.clone(), record);
            Ok(id)
        })
    }

    fn delete<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.lock().map.remove(cookie);
            Ok(())
        })
    }
}
