//! Turning a panic in user code into a 500 response and one log line.

use std::any::Any;
use std::fmt::Display;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use http::StatusCode;

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

/// The 500 answered for a panic in `what`, logged once with its message. The
/// client sees only the status: panic messages can hold internals.
pub(crate) fn panic_response(what: impl Display, payload: &(dyn Any + Send)) -> Response {
    if let Some(saturated) = crate::adapters::is_saturation(payload) {
        return crate::pool::saturated(what, saturated.wait);
    }
    let message = panic_message(payload);
    tracing::error!(panic = message, "{what} panicked; answering 500");
    (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
}

/// Runs `f`, turning a panic into a 500.
pub(crate) fn catch_sync(what: impl Display, f: impl FnOnce() -> Response) -> Response {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(response) => response,
        Err(payload) => panic_response(what, &*payload),
    }
}

/// Polls `fut`, turning a panic into `Err(500)`.
pub(crate) async fn catch_async<T>(
    what: impl Display,
    fut: impl Future<Output = T>,
) -> Result<T, Response> {
    AssertUnwindSafe(fut)
        .catch_unwind()
        .await
        .map_err(|payload| panic_response(what, &*payload))
}
