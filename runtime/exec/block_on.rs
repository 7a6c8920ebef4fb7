//! The one way sync code drives an async part on its own thread: an async
//! middleware or view nested inside a sync one, and `async_to_sync`.
//!
//! A future that is ready at once (most middleware are, until they await
//! something) is polled once and done. Otherwise it is driven with the tokio
//! runtime's `Handle::block_on`, inside `block_in_place`: on a sync-pool
//! thread that lets one `block_on` nest inside another (sync → async → sync →
//! async on one thread), which tokio allows there. Timers and sockets work,
//! and the thread stays the same, so thread-locals set by the sync part are
//! seen by the parts it calls.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Drives `future` to its end on this thread. Needs a tokio runtime unless
/// the future is ready at its first poll.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    if let Poll::Ready(output) = future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        return output;
    }
    let handle = tokio::runtime::Handle::current();
    tokio::task::block_in_place(|| handle.block_on(future))
}
