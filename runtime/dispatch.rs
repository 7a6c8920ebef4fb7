//! The one async handler: every request, from any server or test client, goes
//! through [`dispatch`] — route, pick the method's adapted chain (middleware
//! and view, or the 404/405 answer), and run it; `middleware::Next` runs each
//! part where its mode says and turns panics into responses.

use std::sync::Arc;

use http::StatusCode;
use http::header::{ALLOW, HeaderValue};
use tracing::Instrument;

use crate::Error;
use crate::app::Shared;
use crate::body::Body;
use crate::middleware::Next;
use crate::request::Request;
use crate::response::{IntoResponse, Response};

/// Answers one request. Never panics: a panicking view is a 500.
pub(crate) async fn dispatch(shared: Arc<Shared>, request: http::Request<Body>) -> Response {
    let span = tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
    );
    crate::adapters::with_app(shared.clone(), route_and_run(shared, request))
        .instrument(span)
        .await
}

async fn route_and_run(shared: Arc<Shared>, request: http::Request<Body>) -> Response {
    let mut req = Request::new(request, shared.clone());
    let chain = match shared.router.at(req.path()) {
        Some(matched) => {
            req.set_params(matched.params);
            matched.value.pick(req.method())
        }
        None => &shared.not_found,
    };
    Next::start(chain.clone()).run(req).await
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
