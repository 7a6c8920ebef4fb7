//! Sessions: the [`Session`] extractor (typed `get` / `insert` / `remove`
//! with serde, `flush`, `cycle_id`), its settings ([`SessionConfig`]) and the
//! stores (`store.rs`: the [`SessionStore`] trait; `cookie_store.rs`, the
//! default; `memory.rs`). A database store comes with the data layer, as a
//! third implementation of the trait.
//!
//! The session is loaded from its store when a part of the request first
//! takes it (on the async side, before a sync view runs), changed through a
//! mutex from sync or async code, and saved by `finish.rs` once the response
//! is ready — so a sync view's changes are saved like an async view's.

mod cookie_store;
mod memory;
mod store;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use cookie::{Cookie, SameSite};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::core::{Error, IntoResponse, Request, Response, State};
use crate::extract::FromRequest;

use super::cookies::Cookies;
use super::csrf::{CsrfConfig, rotate_secret};
use super::finish::{WebSlot, slot_of};
use super::keys::SecretKey;

pub use cookie_store::CookieStore;
pub use memory::MemoryStore;
pub use store::{SessionRecord, SessionStore, StoreFuture};

/// How sessions are kept: register it with `App::state(SessionConfig::..)`.
/// Without one, sessions live in a signed cookie named `sessionid` for two
/// weeks ([`CookieStore`]), as Django's defaults.
///
/// ```
/// use std::time::Duration;
/// use twain::prelude::*;
/// use twain::web::{MemoryStore, SessionConfig};
///
/// let sessions = SessionConfig::new(MemoryStore::new())
///     .cookie_name("app_session")
///     .max_age(Duration::from_secs(3600))
///     .secure(true);
/// let app = App::new().state(sessions);
/// # let _ = app;
/// ```
#[derive(Clone)]
pub struct SessionConfig {
    store: Arc<dyn SessionStore>,
    cookie_name: String,
    max_age: Duration,
    secure: bool,
    same_site: SameSite,
}

impl SessionConfig {
    /// Sessions kept in `store`, with the default cookie settings.
    pub fn new(store: impl SessionStore) -> Self {
        SessionConfig {
            store: Arc::new(store),
            cookie_name: "sessionid".to_owned(),
            max_age: Duration::from_secs(14 * 24 * 3600),
            secure: false,
            same_site: SameSite::Lax,
        }
    }

    /// The session cookie's name (default `sessionid`).
    pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookie_name = name.into();
        self
    }

    /// How long a session lives after its last change (default two weeks):
    /// the cookie's `Max-Age` and the record's expiry.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// Marks the cookie `Secure` (sent over HTTPS only); default off, turn it
    /// on in production behind HTTPS.
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// The cookie's `SameSite` (default `Lax`).
    pub fn same_site(mut self, same_site: SameSite) -> Self {
        self.same_site = same_site;
        self
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig::new(CookieStore)
    }
}

impl std::fmt::Debug for SessionConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionConfig")
            .field("cookie_name", &self.cookie_name)
            .field("max_age", &self.max_age)
            .field("secure", &self.secure)
            .finish_non_exhaustive()
    }
}

/// The session of the request, as a view or middleware argument, sync or
/// async. Values are stored as JSON: anything serde can write and read back.
///
/// Changes are saved, and the session cookie set, when the response goes
/// out — whatever the view returns, errors included. Call
/// [`cycle_id`](Session::cycle_id) when a user logs in (a new id against
/// session fixation) and [`flush`](Session::flush) when they log out.
///
/// ```
/// use twain::prelude::*;
/// use twain::web::Session;
///
/// #[view]
/// fn count(session: Session) -> Result<String, Error> {   // a sync view
///     let n = session.get::<u32>("n").unwrap_or(0) + 1;
///     session.insert("n", n)?;
///     Ok(n.to_string())
/// }
/// # let client = twain::test::Client::new(App::new().route("", count));
/// # assert_eq!(client.get("/").text(), "1");
/// # assert_eq!(client.get("/").text(), "2"); // the test client keeps cookies
/// ```
#[derive(Clone)]
pub struct Session {
    shared: Arc<Shared>,
    cookies: Cookies,
}

/// The session as the request's web slot keeps it. It must not hold the
/// slot (no `Cookies` here): the slot holds it, and a cycle would keep both
/// alive after the request.
pub(crate) struct Shared {
    config: SessionConfig,
    /// The app's secret key, to sign the session cookie in the slot's jar.
    key: Option<State<SecretKey>>,
    /// The app's CSRF settings, for `cycle_id` (`None`: Django's defaults).
    csrf: Option<State<CsrfConfig>>,
    state: Mutex<SessionState>,
}

struct SessionState {
    /// The session cookie's value as the client sent it (verified).
    old: Option<String>,
    data: Map<String, Value>,
    modified: bool,
    /// Forget `old` when saving: flushed, or its id cycled.
    drop_old: bool,
}

impl Session {
    /// The session of `req`, loaded from its store on first use.
    pub(crate) async fn of(req: &mut Request) -> Result<Session, Error> {
        let slot = slot_of(req);
        if let Some(shared) = slot
            .session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Ok(Session {
                shared,
                cookies: Cookies::of(req),
            });
        }
        let config = match req.scope().state.get::<SessionConfig>() {
            Some(config) => (*config).clone(),
            None => SessionConfig::default(),
        };
        let cookies = Cookies::of(req);
        let old = cookies
            .signed()
            .get(&config.cookie_name)
            .map(|cookie| cookie.value().to_owned());
        let record = match &old {
            Some(value) => config.store.load(value).await?,
            None => None,
        };
        let data = record.map(|record| record.data).unwrap_or_default();
        let shared = Arc::new(Shared {
            config,
            key: cookies.key_state(),
            csrf: req.scope().state.get::<CsrfConfig>(),
            state: Mutex::new(SessionState {
                old,
                data,
                modified: false,
                drop_old: false,
            }),
        });
        let mut taken = slot.session.lock().unwrap_or_else(PoisonError::into_inner);
        let shared = taken.get_or_insert(shared).clone();
        Ok(Session { shared, cookies })
    }

    fn state(&self) -> MutexGuard<'_, SessionState> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The value under `key`, if there is one and it reads as a `T`.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let value = self.state().data.get(key)?.clone();
        match serde_json::from_value(value) {
            Ok(value) => Some(value),
            Err(err) => {
                tracing::debug!(key, error = %err, "session value does not read as the asked type");
                None
            }
        }
    }

    /// Stores `value` under `key` (replacing what was there). Fails only when
    /// `value` cannot be written as JSON (a map with non-string keys).
    pub fn insert<T: Serialize>(&self, key: &str, value: T) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|err| {
            Error::internal(format!("session value `{key}` is not serializable: {err}"))
        })?;
        let mut state = self.state();
        state.data.insert(key.to_owned(), value);
        state.modified = true;
        Ok(())
    }

    /// Removes `key`; whether it was there.
    pub fn remove(&self, key: &str) -> bool {
        let mut state = self.state();
        let removed = state.data.remove(key).is_some();
        state.modified |= removed;
        removed
    }

    /// Whether `key` has a value.
    pub fn contains(&self, key: &str) -> bool {
        self.state().data.contains_key(key)
    }

    /// The keys, in order.
    pub fn keys(&self) -> Vec<String> {
        self.state().data.keys().cloned().collect()
    }

    /// Whether the session holds nothing.
    pub fn is_empty(&self) -> bool {
        self.state().data.is_empty()
    }

    /// Removes every value, keeping the session (and its id).
    pub fn clear(&self) {
        let mut state = self.state();
        state.modified |= !state.data.is_empty();
        state.data.clear();
    }

    /// Logs out (Django's `flush`): removes every value and forgets the
    /// session in its store; the cookie is removed, or replaced by a new
    /// session's if values are inserted afterwards.
    pub fn flush(&self) {
        let mut state = self.state();
        state.data.clear();
        state.modified = true;
        state.drop_old = true;
    }

    /// Keeps the values under a new session id (Django's `cycle_key`): call
    /// it on login, so an id planted before cannot follow the user in. A
    /// client with a CSRF secret gets a new one too, as Django's `login`
    /// gives it (`rotate_token`); a CSRF token this request already handed
    /// out is masked anew from it, so the page the login answers with works.
    pub fn cycle_id(&self) {
        {
            let mut state = self.state();
            state.modified = true;
            state.drop_old = true;
        }
        let csrf = self.shared.csrf.as_deref();
        rotate_secret(self, &self.cookies, csrf);
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("keys", &self.keys())
            .finish()
    }
}

impl FromRequest for Session {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        Session::of(req).await.map_err(IntoResponse::into_response)
    }
}

/// Saves the session's changes in its store and sets (or removes) its
/// cookie in the jar of the request's web slot; nothing when it was not
/// changed.
pub(crate) async fn save(shared: &Shared, slot: Arc<WebSlot>) -> Result<(), Error> {
    let (old, data, drop_old) = {
        let state = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
        if !state.modified {
            return Ok(());
        }
        (state.old.clone(), state.data.clone(), state.drop_old)
    };
    let config = &shared.config;
    let cookies = Cookies::in_slot(slot, shared.key.clone());
    if let (true, Some(old)) = (drop_old || data.is_empty(), &old) {
        config.store.delete(old).await?;
    }
    if data.is_empty() {
        if old.is_some() {
            cookies.remove(config.cookie_name.clone());
        }
        return Ok(());
    }
    let record = SessionRecord {
        data,
        expires_at: SystemTime::now() + config.max_age,
    };
    let keep = if drop_old { None } else { old.as_deref() };
    let value = config.store.save(keep, record).await?;
    let max_age = cookie::time::Duration::seconds(
        i64::try_from(config.max_age.as_secs()).unwrap_or(i64::MAX),
    );
    let cookie = Cookie::build((config.cookie_name.clone(), value))
        .path("/")
        .http_only(true)
        .secure(config.secure)
        .same_site(config.same_site)
        .max_age(max_age)
        .build();
    cookies.signed().add(cookie);
    Ok(())
}
