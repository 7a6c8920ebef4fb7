//! [`sync_to_async`] and [`async_to_sync`]: the two adapters between the async
//! executor and sync threads. Panics cross with their message, the `tracing`
//! span follows, a request already on its sync thread makes no second switch,
//! and the pool is bounded with a bounded wait (`docs/architecture.md`).

use std::future::Future;
use std::panic::resume_unwind;

use super::block_on::block_on;
use super::blocking::{Blocking, MayBlock};
use super::failure::SyncFailure;
use super::pool::{Job, SyncPool};
use super::thread::on_sync_thread;
use crate::core::Error;

/// Runs blocking code from async code, and awaits its result.
///
/// `f` receives the [`Blocking`] capability, so it may call sync-only APIs
/// (`#[sync_only]` functions, `async_to_sync`, your blocking database layer).
///
/// - **Where it runs.** On a sync thread of the current request's app (its
///   `App::sync_threads` pool; outside a request, a process-wide pool with the
///   same defaults). Called from code that is already on a twain sync thread —
///   an async part driven by [`async_to_sync`] inside a sync view — it runs
///   right there, inline: no second thread switch.
/// - **Panics** in `f` are resumed on the awaiting side with their original
///   payload and message, like `std::thread::scope` does; in a view, an
///   unhandled one becomes a 500. Return a `Result` from `f` for errors you
///   want to handle.
/// - **Saturation** is a value: when no sync thread frees up within the
///   pool's wait (`App::sync_wait`), the result is an `Err` that answers 503
///   with `Retry-After` (return it with `?`), as a sync view's request would.
/// - **Tracing.** The current `tracing` span is entered on the sync thread.
/// - **Request data.** The request is not shared with the closure: move what
///   it needs in (`let user = req.extensions().get::<User>().cloned();` then
///   `move |cx| load(cx, user)`). The closure is `Send + 'static`, so it
///   cannot borrow from the async side; its result comes back by value.
///
/// Needs a tokio runtime (every twain app and test client has one).
///
/// ```
/// use twain::prelude::*;
///
/// #[view]
/// async fn report(req: Request) -> Result<String, Error> {
///     let path = req.path().to_owned();
///     let size = twain::sync_to_async(move |_cx| {
///         std::fs::read_dir(".").map(|dir| dir.count()) // blocking, but on a sync thread
///     })
///     .await??; // first `?`: no sync thread free (503); second: the closure's own error
///     Ok(format!("{path}: {size} entries"))
/// }
/// # let client = twain::test::Client::new(App::new().route("", report));
/// # assert_eq!(client.get("/").status(), 200);
/// ```
pub async fn sync_to_async<F, R>(f: F) -> Result<R, Error>
where
    F: for<'cx> FnOnce(Blocking<'cx>) -> R + Send + 'static,
    R: Send + 'static,
{
    match SyncPool::current().run(Job::Switch, f).await {
        Ok(value) => Ok(value),
        Err(SyncFailure::Panicked(payload)) => resume_unwind(payload),
        Err(failure) => Err(failure.into_error("`sync_to_async`")),
    }
}

/// Runs async code from sync code: drives `fut` to completion on the current
/// sync thread and returns its output.
///
/// It needs the [`Blocking`] capability, so it cannot be called from async
/// code (there, `.await` the future). The future runs on this thread, driven
/// the way every nested async part is (`exec/block_on.rs`), so it may borrow
/// locals and need not be `Send`; tokio timers and sockets work in it, and it
/// nests (async → sync → async on one thread). A panic in `fut` propagates as
/// it is.
///
/// ```
/// use twain::prelude::*;
///
/// #[view]
/// fn pause(cx: Blocking) -> &'static str {
///     twain::async_to_sync(cx, tokio::time::sleep(std::time::Duration::from_millis(1)));
///     "rested"
/// }
/// # let client = twain::test::Client::new(App::new().route("", pause));
/// # assert_eq!(client.get("/").text(), "rested");
/// ```
///
/// Panics if no tokio runtime is available on this thread, or if it is an
/// async worker thread (only possible with a capability forged by `unsafe`).
#[track_caller]
pub fn async_to_sync<'cx, F: Future>(cx: impl MayBlock<'cx>, fut: F) -> F::Output {
    let _: Blocking<'cx> = cx.into_blocking();
    let has_runtime = tokio::runtime::Handle::try_current().is_ok();
    if !has_runtime {
        panic!(
            "twain::async_to_sync needs a tokio runtime: call it from a sync view, middleware or `Client::blocking`"
        );
    }
    if !on_sync_thread() {
        panic!(
            "twain::async_to_sync was called on an async worker thread: there, `.await` the future instead"
        );
    }
    block_on(fut)
}
