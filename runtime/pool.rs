//! The bounded pool of sync threads: the one place a request moves from the
//! async workers to a thread where blocking is allowed. Each move is counted
//! (`twain::stats::switches`), carries the `tracing` span across, and waits at
//! most `App::sync_wait` for a free thread before answering 503.

use std::fmt::Display;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use http::StatusCode;
use http::header::{HeaderValue, RETRY_AFTER};
use tokio::sync::Semaphore;

use crate::blocking::{Blocking, SyncThreadMark};
use crate::panic::panic_response;
use crate::response::{IntoResponse, Response};
use crate::stats;

/// Bounds how many sync jobs run at once, and how long one waits for a turn.
pub(crate) struct SyncPool {
    permits: Arc<Semaphore>,
    wait: Duration,
    /// Switches made through this pool: one app's count, which tests can read
    /// without the races of the process-wide `twain::stats::switches`.
    switches: AtomicU64,
}

impl SyncPool {
    pub(crate) fn new(threads: usize, wait: Duration) -> Self {
        SyncPool {
            permits: Arc::new(Semaphore::new(threads.max(1))),
            wait,
            switches: AtomicU64::new(0),
        }
    }

    /// How many requests moved to a sync thread through this pool.
    pub(crate) fn switches(&self) -> u64 {
        self.switches.load(Ordering::Relaxed)
    }

    /// Runs `job` on a sync thread and awaits its response. A panic becomes a
    /// 500; no free thread within the wait becomes a 503 with `Retry-After`.
    pub(crate) async fn run(
        &self,
        what: impl Display,
        job: impl for<'cx> FnOnce(Blocking<'cx>) -> Response + Send + 'static,
    ) -> Response {
        match self.spawn(job).await {
            Ok(Ok(response)) => response,
            Ok(Err(payload)) => panic_response(what, &*payload),
            Err(Saturated { wait }) => saturated(what, wait),
        }
    }

    /// Runs `job` on a sync thread (one counted switch, the current `tracing`
    /// span entered there) and hands back its result or its panic. `Err` when
    /// no thread was free within the wait.
    pub(crate) async fn spawn<R: Send + 'static>(
        &self,
        job: impl for<'cx> FnOnce(Blocking<'cx>) -> R + Send + 'static,
    ) -> Result<std::thread::Result<R>, Saturated> {
        // A free thread is the common case: take it without arming a timer.
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
                    Ok(Ok(permit)) => permit,
                    _ => return Err(Saturated { wait: self.wait }),
                }
            }
        };
        let span = tracing::Span::current();
        stats::count_switch();
        self.switches.fetch_add(1, Ordering::Relaxed);
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _job = stats::LiveCount::new(&stats::SYNC_JOBS);
            let _span = span.enter();
            let _mark = SyncThreadMark::enter();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(Blocking::new())))
        })
        .await;
        Ok(joined.unwrap_or_else(|err| {
            tracing::error!(error = %err, "a sync thread was lost");
            Err(Box::new(format!("the sync thread was lost: {err}")))
        }))
    }
}

/// No sync thread became free within the pool's wait. Unwound out of
/// `twain::sync_to_async` as a panic payload that twain answers with 503.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Saturated {
    pub(crate) wait: Duration,
}

pub(crate) fn saturated(what: impl Display, wait: Duration) -> Response {
    tracing::warn!(
        "no sync thread free for {what} after {wait:?}; answering 503 (raise App::sync_threads?)"
    );
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        "Service Unavailable: all sync threads are busy, retry shortly",
    )
        .into_response();
    let secs = wait.as_secs().max(1).to_string();
    if let Ok(value) = HeaderValue::from_str(&secs) {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}
