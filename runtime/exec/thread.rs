//! The mark a sync thread carries while it runs twain work, which the
//! runtime reads to know where it is: no second switch from a sync thread,
//! no blocking on an async worker.

use std::cell::Cell;

thread_local! {
    static ON_SYNC_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is one of twain's sync threads, running a request.
pub fn on_sync_thread() -> bool {
    ON_SYNC_THREAD.with(Cell::get)
}

/// Whether blocking is allowed on this thread right now: it is one of twain's
/// sync threads (or a `Client::blocking` closure), or no async runtime runs
/// here at all. `false` on an async worker thread.
pub fn may_block_here() -> bool {
    on_sync_thread() || tokio::runtime::Handle::try_current().is_err()
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
