//! The answers the chain gives itself rather than a view: 404 for a path no
//! route matches, 405 with `Allow` for a method a route does not answer, 500
//! for a part that panicked (logged with its message; the client sees only
//! the status), and 503 when no sync thread was free in time.

use std::any::Any;
use std::fmt::Display;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use http::StatusCode;
use http::header::{ALLOW, HeaderValue};

use crate::core::{Error, ErrorPage, IntoResponse, LogSafe, Request, Response};
use crate::exec::{SyncFailure, panic_message};

/// The 404 for a path that matches no route.
pub(crate) fn not_found(req: &Request) -> Response {
    Error::no_route(req.path()).into_response()
}

/// The 405 answer, with the methods the route does answer in `Allow`.
pub(crate) fn method_not_allowed(method: &http::Method, allow: &str) -> Response {
    let mut response = Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method Not Allowed: {method}; this route answers {allow}"),
    )
    .into_response();
    if let Ok(value) = HeaderValue::from_str(allow) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}

/// The 500 answered for a panic in `what`, logged once with its message. The
/// client sees only the status: panic messages can hold internals.
pub(super) fn panicked(what: impl Display, payload: &(dyn Any + Send)) -> Response {
    let message = panic_message(payload);
    tracing::error!(panic = %LogSafe(message), "{what} panicked; answering 500");
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response();
    response.extensions_mut().insert(ErrorPage::default());
    response
}

/// What a sync part that could not finish answers.
pub(crate) fn failed(what: impl Display, failure: SyncFailure) -> Response {
    match failure {
        SyncFailure::Panicked(payload) => panicked(what, &*payload),
        other => other.into_error(what).into_response(),
    }
}

/// Runs `f`, turning a panic into a 500.
pub(crate) fn catch_sync(what: impl Display, f: impl FnOnce() -> Response) -> Response {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(response) => response,
        Err(payload) => panicked(what, &*payload),
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
        .map_err(|payload| panicked(what, &*payload))
}
