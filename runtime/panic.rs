//! Turning a panic in user code into a 500 response and one log line.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;

use crate::Error;
use crate::response::{IntoResponse, Response};

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

/// The 500 answered for a panic in `what`, logged once with its message.
pub(crate) fn panic_response(what: &str, payload: &(dyn Any + Send)) -> Response {
    if let Some(saturated) = crate::adapters::is_saturation(payload) {
        return crate::pool::saturated(what, saturated.wait);
    }
    let message = panic_message(payload);
    tracing::error!(panic = message, "{what} panicked; answering 500");
    Error::internal(format!("{what} panicked: {message}")).into_response_quiet()
}

/// Runs `f`, turning a panic into a 500.
pub(crate) fn catch_sync(what: &str, f: impl FnOnce() -> Response) -> Response {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(response) => response,
        Err(payload) => panic_response(what, &*payload),
    }
}

/// Polls `fut`, turning a panic into `Err(500)`.
pub(crate) async fn catch_async<T>(
    what: &str,
    fut: impl Future<Output = T>,
) -> Result<T, Response> {
    AssertUnwindSafe(fut)
        .catch_unwind()
        .await
        .map_err(|payload| panic_response(what, &*payload))
}

impl Error {
    /// The response without the error log line (the caller logged already).
    pub(crate) fn into_response_quiet(self) -> Response {
        let status = self.status();
        (status, status.canonical_reason().unwrap_or("Error")).into_response()
    }
}
