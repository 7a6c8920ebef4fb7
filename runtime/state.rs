//! App-wide data shared by every request: user state registered with
//! `App::state` (read with the [`State`] extractor) and the app's limits.

use std::any::{Any, TypeId, type_name};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

/// Limits and settings every request can see.
#[derive(Debug, Clone)]
pub(crate) struct AppConfig {
    /// Largest request body accepted, in bytes.
    pub(crate) max_body_size: usize,
    /// How many sync views/middleware may run at once.
    pub(crate) sync_threads: usize,
    /// How long a sync request waits for a free sync thread before a 503.
    pub(crate) sync_wait: Duration,
    /// How long shutdown waits for in-flight requests.
    pub(crate) shutdown_timeout: Duration,
    /// How long a client may take to send its request head.
    pub(crate) header_read_timeout: Duration,
    /// Spooled request bodies stay in memory up to this many bytes, then go
    /// to a temp file.
    pub(crate) spool_memory_limit: usize,
    /// Where spool temp files are created (`None`: the system temp dir).
    pub(crate) spool_dir: Option<std::path::PathBuf>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            max_body_size: 10 * 1024 * 1024,
            sync_threads: 64,
            sync_wait: Duration::from_secs(10),
            shutdown_timeout: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(30),
            spool_memory_limit: 2_621_440,
            spool_dir: None,
        }
    }
}

/// Values registered with `App::state`, one per type.
#[derive(Default)]
pub(crate) struct StateMap(HashMap<TypeId, Arc<dyn Any + Send + Sync>>);

impl StateMap {
    pub(crate) fn insert<T: Send + Sync + 'static>(&mut self, value: T) {
        self.0.insert(TypeId::of::<T>(), Arc::new(value));
    }

    pub(crate) fn get<T: Send + Sync + 'static>(&self) -> Option<State<T>> {
        let value = self.0.get(&TypeId::of::<T>())?.clone();
        value.downcast::<T>().ok().map(State)
    }
}

/// Shared state registered with `App::state(value)`, as a view argument:
/// `fn count(hits: State<AtomicU64>) -> String`.
pub struct State<T>(pub Arc<T>);

impl<T> Clone for State<T> {
    fn clone(&self) -> Self {
        State(self.0.clone())
    }
}

impl<T> Deref for State<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for State<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("State").field(&self.0).finish()
    }
}

pub(crate) fn missing_state_message<T>() -> String {
    let name = type_name::<T>();
    format!("no state of type `{name}` is registered: call `App::state(value)` with a `{name}`")
}
