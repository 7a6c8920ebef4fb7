//! The peers twain is compared with: a bare hyper 1 service (the floor: no
//! routing, no framework) and an axum 0.8 router, each written the way a user
//! of that stack would.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::service::TowerToHyperService;

use super::{ASYNC_HELLO, BLOCK, BLOCK_MS, SYNC_HELLO};

/// Answers "hello" (same bytes and content type as the others) on any path.
pub fn bare_hyper() -> impl hyper::service::Service<
    http::Request<Incoming>,
    Response = http::Response<Full<Bytes>>,
    Error = Infallible,
    Future: Send + 'static,
> + Clone
+ Send
+ 'static {
    hyper::service::service_fn(|_request: http::Request<Incoming>| async {
        let mut response = http::Response::new(Full::new(Bytes::from_static(b"hello")));
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        Ok::<_, Infallible>(response)
    })
}

async fn hello_async() -> &'static str {
    "hello"
}

/// The hand-written equivalent of a twain sync view.
async fn hello_spawn_blocking() -> &'static str {
    tokio::task::spawn_blocking(|| "hello")
        .await
        .unwrap_or("join error")
}

/// A handler with an argument (`GREET_ASYNC`).
async fn greet_async(axum::extract::Path(name): axum::extract::Path<String>) -> String {
    format!("hello {name}")
}

/// Its sync twin (`GREET_SYNC`): the argument extracted, then the work
/// handed to `spawn_blocking`.
async fn greet_spawn_blocking(axum::extract::Path(name): axum::extract::Path<String>) -> String {
    tokio::task::spawn_blocking(move || format!("hello {name}"))
        .await
        .unwrap_or_else(|_| "join error".to_owned())
}

/// What a user gets who forgets `spawn_blocking`: the worker thread blocks.
async fn block_inline() -> &'static str {
    std::thread::sleep(Duration::from_millis(BLOCK_MS));
    "slept"
}

pub fn axum() -> TowerToHyperService<axum::Router> {
    use axum::routing::get;
    let router = axum::Router::new()
        .route(ASYNC_HELLO, get(hello_async))
        .route(SYNC_HELLO, get(hello_spawn_blocking))
        .route(BLOCK, get(block_inline))
        .route("/greet/async/{name}/", get(greet_async))
        .route("/greet/sync/{name}/", get(greet_spawn_blocking));
    TowerToHyperService::new(router)
}
