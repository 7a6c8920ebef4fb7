//! [`Blocking`]: the capability that proves "this code may block", and the
//! thread marker the sync pool sets so the runtime knows where it is.

use std::cell::Cell;
use std::marker::PhantomData;

/// Proof that the current code runs where blocking is allowed: on a sync thread.
///
/// Sync views and sync middleware can take one as an argument (`cx: Blocking`);
/// async code cannot get one. APIs that block take it, so calling them from
/// async code does not compile. It is `Copy`, but not `Send`: it cannot leave
/// the thread it was given on.
#[derive(Clone, Copy)]
pub struct Blocking<'cx> {
    _not_send: PhantomData<*const ()>,
    _scope: PhantomData<&'cx ()>,
}

impl std::fmt::Debug for Blocking<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Blocking")
    }
}

impl Blocking<'_> {
    /// Only the runtime mints these, where blocking is allowed.
    pub(crate) fn new() -> Self {
        Blocking {
            _not_send: PhantomData,
            _scope: PhantomData,
        }
    }
}

thread_local! {
    static ON_SYNC_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is one of twain's sync threads, running a request.
pub fn on_sync_thread() -> bool {
    ON_SYNC_THREAD.with(Cell::get)
}

/// Marks this thread as a sync thread until dropped.
pub(crate) struct SyncThreadMark {
    was: bool,
}

impl SyncThreadMark {
    pub(crate) fn enter() -> Self {
        SyncThreadMark {
            was: ON_SYNC_THREAD.with(|c| c.replace(true)),
        }
    }
}

impl Drop for SyncThreadMark {
    fn drop(&mut self) {
        ON_SYNC_THREAD.with(|c| c.set(self.was));
    }
}
