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

impl SyncFailure {
    /// The error answering for `what` when its job could not finish: the 503
    /// of a busy pool (`busy_error`), or a 500 whose logged message says what
    /// panicked or was lost. Callers that must keep a panic's payload
    /// (`sync_to_async` resumes it) match `Panicked` first.
    pub(crate) fn into_error(self, what: impl Display) -> Error {
        match self {
            SyncFailure::Busy { wait } => busy_error(what, wait),
            SyncFailure::Panicked(payload) => {
                Error::internal(format!("{what} panicked: {}", panic_message(&*payload)))
            }
            SyncFailure::Lost(why) => {
                Error::internal(format!("the sync thread running {what} was lost: {why}"))
            }
        }
    }
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
fn busy_error(what: impl Display, wait: Duration) -> Error {
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
