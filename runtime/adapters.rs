//! [`sync_to_async`] and [`async_to_sync`]: the two adapters between the async
//! executor and sync threads, with DESIGN §4's semantics — panics cross with
//! their message, the `tracing` span follows, a request already on its sync
//! thread makes no second switch, and the pool is bounded with a bounded wait.

use std::cell::Cell;
use std::future::Future;
use std::panic::resume_unwind;
use std::sync::{Arc, OnceLock};

use crate::app::Shared;
use crate::blocking::{Blocking, MayBlock, on_sync_thread};
use crate::pool::{Saturated, SyncPool};
use crate::state::AppConfig;

tokio::task_local! {
    /// The app whose request the current task is answering: its sync pool is
    /// the one `sync_to_async` uses.
    static CURRENT_APP: Arc<Shared>;
}

/// Runs `fut` with `app` as the app of the current request.
pub(crate) async fn with_app<F: Future>(app: Arc<Shared>, fut: F) -> F::Output {
    CURRENT_APP.scope(app, fut).await
}

/// The pool used outside a request (or in a task spawned from one): the
/// defaults of `App` (64 threads, 10 s wait).
fn default_pool() -> &'static SyncPool {
    static POOL: OnceLock<SyncPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let config = AppConfig::default();
        SyncPool::new(config.sync_threads, config.sync_wait)
    })
}

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
/// - **Saturation.** When no sync thread frees up within the pool's wait
///   (`App::sync_wait`), the await unwinds (without a panic message) and twain
///   answers the request with 503 and `Retry-After`, as for a sync view.
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
///     .await?;
///     Ok(format!("{path}: {size} entries"))
/// }
/// # let client = twain::test::Client::new(App::new().route("", report));
/// # assert_eq!(client.get("/").status(), 200);
/// ```
pub async fn sync_to_async<F, R>(f: F) -> R
where
    F: for<'cx> FnOnce(Blocking<'cx>) -> R + Send + 'static,
    R: Send + 'static,
{
    if on_sync_thread() {
        tracing::trace!("sync_to_async: already on a sync thread, running inline");
        return f(Blocking::new());
    }
    let outcome = match CURRENT_APP.try_with(Arc::clone) {
        Ok(app) => app.pool.spawn(f).await,
        Err(_) => default_pool().spawn(f).await,
    };
    match outcome {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => resume_unwind(panic),
        Err(saturated) => {
            tracing::warn!(
                "sync_to_async: no sync thread free after {:?}; unwinding to answer 503",
                saturated.wait
            );
            resume_unwind(Box::new(saturated))
        }
    }
}

/// Payloads of unwinds that twain answers with 503 rather than 500.
pub(crate) fn is_saturation(payload: &(dyn std::any::Any + Send)) -> Option<Saturated> {
    payload.downcast_ref::<Saturated>().copied()
}

thread_local! {
    /// Whether this thread is inside `async_to_sync` already.
    static DRIVING: Cell<bool> = const { Cell::new(false) };
}

/// Runs async code from sync code: drives `fut` to completion on the current
/// sync thread and returns its output.
///
/// It needs the [`Blocking`] capability, so it cannot be called from async
/// code (there, `.await` the future). The future runs on this thread with
/// `tokio::runtime::Handle::block_on`, so it may borrow locals and need not be
/// `Send`; tokio timers and sockets work in it. A panic in `fut` propagates as
/// it is. Nested inside another `async_to_sync` on the same thread, it drives
/// the future itself (tokio forbids nested `block_on`).
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
    let handle = tokio::runtime::Handle::try_current();
    if !on_sync_thread() && handle.is_ok() {
        panic!(
            "twain::async_to_sync was called on an async worker thread: there, `.await` the future instead"
        );
    }
    let Ok(handle) = handle else {
        panic!(
            "twain::async_to_sync needs a tokio runtime: call it from a sync view, middleware or `Client::blocking`"
        );
    };
    if DRIVING.with(Cell::get) {
        return crate::park::block_on(fut);
    }
    let was = DRIVING.with(|d| d.replace(true));
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            DRIVING.with(|d| d.set(self.0));
        }
    }
    let _reset = Reset(was);
    handle.block_on(fut)
}
