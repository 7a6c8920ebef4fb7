//! The one async handler: every request, from any server or test client, goes
//! through [`dispatch`] — route, pick the method's view, run it where its mode
//! says, and turn panics and rejections into responses.

use std::sync::Arc;

use http::StatusCode;
use http::header::{ALLOW, HeaderValue};
use tracing::Instrument;

use crate::Error;
use crate::app::Shared;
use crate::blocking::Blocking;
use crate::body::Body;
use crate::methods::Endpoint;
use crate::panic::{catch_async, catch_sync};
use crate::request::Request;
use crate::response::{IntoResponse, Response};
use crate::view::{Handler, Mode};

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
    let Some(matched) = shared.router.at(req.path()) else {
        return Error::not_found(format!("Not Found: {}", req.path())).into_response();
    };
    let endpoint = match matched.value.pick(req.method()) {
        Ok(endpoint) => *endpoint,
        Err(allow) => return method_not_allowed(req.method(), &allow),
    };
    req.set_params(matched.params);
    run_endpoint(&shared, endpoint, req).await
}

fn method_not_allowed(method: &http::Method, allow: &str) -> Response {
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

/// Runs a view from the async side: async views inline, inline views on the
/// worker, sync views on a sync thread (one switch).
pub(crate) async fn run_endpoint(shared: &Shared, endpoint: Endpoint, req: Request) -> Response {
    let name = endpoint.info.name;
    let label = || format!("view `{name}`");
    match endpoint.handler {
        Handler::Async(call) => catch_async(&label(), call(req))
            .await
            .unwrap_or_else(|panic| panic),
        Handler::Sync(prepare) => {
            let call = match catch_async(&label(), prepare(req)).await {
                Ok(Ok(call)) => call,
                Ok(Err(rejection)) | Err(rejection) => return rejection,
            };
            match endpoint.info.mode {
                Mode::Inline => catch_sync(&label(), || call(Blocking::new())),
                Mode::Sync | Mode::Async => shared.pool.run(name, call).await,
            }
        }
    }
}
