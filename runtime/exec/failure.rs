//! How a sync job can fail, as values: no sync thread free in time, a panic
//! in the job (its payload kept, so `sync_to_async` can resume it on the
//! awaiting side), or the thread lost. Also the 503 a busy pool answers.

use std::any::Any;
use std::fmt::Display;
use std::time::Duration;

use http::StatusCode;
use http::header::{HeaderValue, RETRY_AFTER};

use crate::core::Error;

/// Why [`SyncPool::run`](super::SyncPool::run) has no result for a job.
pub(crate) enum SyncFailure {
    /// No sync thread became free within the pool's wait (`App::sync_wait`).
    Busy { wait: Duration },
    /// The job panicked; the payload, as `catch_unwind` gave it.
    Panicked(Box<dyn Any + Send>),
    /// The thread running the job went away (the runtime shut down).
    Lost(String),
}

/// The message a panic was raised with (`panic!("…")`), or a placeholder.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "<non-string panic payload>"
    }
}

/// The 503 for `what` when no sync thread was free within `wait`: logged
/// here once, with `Retry-After`, and a body that says why.
pub(crate) fn busy_error(what: impl Display, wait: Duration) -> Error {
    tracing::warn!(
        "no sync thread free for {what} after {wait:?}; answering 503 (raise App::sync_threads?)"
    );
    let secs = HeaderValue::from(wait.as_secs().max(1));
    Error::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("no sync thread free for {what} after {wait:?}"),
    )
    .header(RETRY_AFTER, secs)
    .with_reply("Service Unavailable: all sync threads are busy, retry shortly")
}
