//! Knowing that a client has gone: the server drops a request's future when
//! hyper sees the connection close; a guard in that future flips a flag the
//! request carries, so a sync view still running can ask
//! `Request::is_disconnected` (whose docs list what hyper lets us see).
//!
//! The same allocation holds the request's web slot (`web/finish.rs`:
//! cookies, session, CSRF token), made only when a request first uses one
//! of them, so a request that uses none pays for nothing more, and the
//! finish step finds it through the handle it kept.

use std::any::Any;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// What a request (in its extensions) and the future answering it share.
#[derive(Clone, Default)]
pub(crate) struct Disconnected(Arc<Shared>);

#[derive(Default)]
struct Shared {
    gone: AtomicBool,
    /// A layer above's per-request slot (the web slot), made on first use.
    slot: OnceLock<Arc<dyn Any + Send + Sync>>,
}

impl Disconnected {
    /// Whether the future answering the request was dropped unfinished.
    pub(crate) fn is_set(&self) -> bool {
        self.0.gone.load(Ordering::SeqCst)
    }

    /// The request's slot, made by `make` on first use; `None` if the slot
    /// holds another type.
    pub(crate) fn slot<T: Any + Send + Sync>(&self, make: impl FnOnce() -> T) -> Option<Arc<T>> {
        let any = self
            .0
            .slot
            .get_or_init(|| Arc::new(make()) as Arc<dyn Any + Send + Sync>);
        any.clone().downcast::<T>().ok()
    }

    /// The request's slot, if it was made.
    pub(crate) fn slot_if_any<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.0.slot.get()?.clone().downcast::<T>().ok()
    }
}

/// The guard a request's future holds: it sets the request's flag if it is
/// dropped before [`Armed::disarm`], that is, if the future was dropped
/// before it produced a response, so nobody is waiting for it.
pub(crate) struct Armed(Option<Disconnected>);

impl Armed {
    /// A new flag for a request, and the guard that sets it.
    pub(crate) fn new() -> (Armed, Disconnected) {
        let flag = Disconnected::default();
        (Armed(Some(flag.clone())), flag)
    }

    /// The response is ready: dropping the guard no longer sets the flag.
    pub(crate) fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        if let Some(flag) = self.0.take() {
            flag.0.gone.store(true, Ordering::SeqCst);
            tracing::debug!("client gone before the response was ready; the request is cancelled");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guard_dropped_armed_flags_the_request() {
        let (armed, flag) = Armed::new();
        assert!(!flag.is_set());
        drop(armed);
        assert!(flag.is_set());
    }

    #[test]
    fn a_disarmed_guard_does_not() {
        let (mut armed, flag) = Armed::new();
        armed.disarm();
        drop(armed);
        assert!(!flag.is_set());
    }
}
