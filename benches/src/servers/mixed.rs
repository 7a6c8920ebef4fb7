//! Case 3's apps (behind the `middleware` feature until issue 3 lands): the
//! same six middleware, once alternating sync/async around a sync view, once
//! all async around an async view. Each middleware does the same trivial work
//! (adds a response header) so the two chains differ only in their modes.
//!
//! Written against the middleware API planned in DESIGN §4 / issue 3:
//! `#[middleware] fn m(req: Request, next: SyncNext) -> Response`,
//! `#[middleware] async fn m(req: Request, next: Next) -> Response`,
//! `App::middleware(m)`. If the landed names differ, only this file changes.

use twain::prelude::*;

use super::{SYNC_HELLO, SYNC_THREADS};

/// Marks the response so a broken chain is visible in a probe.
fn mark(mut response: Response, layer: &'static str) -> Response {
    response
        .headers_mut()
        .append("x-chain", twain::http::HeaderValue::from_static(layer));
    response
}

#[middleware]
fn sync_1(req: Request, next: SyncNext) -> Response {
    mark(next.run(req), "s1")
}

#[middleware]
async fn async_2(req: Request, next: Next) -> Response {
    mark(next.run(req).await, "a2")
}

#[middleware]
fn sync_3(req: Request, next: SyncNext) -> Response {
    mark(next.run(req), "s3")
}

#[middleware]
async fn async_4(req: Request, next: Next) -> Response {
    mark(next.run(req).await, "a4")
}

#[middleware]
fn sync_5(req: Request, next: SyncNext) -> Response {
    mark(next.run(req), "s5")
}

#[middleware]
async fn async_6(req: Request, next: Next) -> Response {
    mark(next.run(req).await, "a6")
}

#[middleware]
async fn async_1(req: Request, next: Next) -> Response {
    mark(next.run(req).await, "a1")
}

#[middleware]
async fn async_3(req: Request, next: Next) -> Response {
    mark(next.run(req).await, "a3")
}

#[middleware]
async fn async_5(req: Request, next: Next) -> Response {
    mark(next.run(req).await, "a5")
}

#[view]
fn hello_sync() -> &'static str {
    "hello"
}

#[view]
async fn hello_async() -> &'static str {
    "hello"
}

/// sync, async, sync, async, sync, async, then the sync view.
pub fn mixed_app() -> App {
    App::new()
        .sync_threads(SYNC_THREADS)
        .middleware(sync_1)
        .middleware(async_2)
        .middleware(sync_3)
        .middleware(async_4)
        .middleware(sync_5)
        .middleware(async_6)
        .route(SYNC_HELLO.trim_start_matches('/'), hello_sync)
}

/// The same chain, every middleware and the view async.
pub fn all_async_app() -> App {
    App::new()
        .sync_threads(SYNC_THREADS)
        .middleware(async_1)
        .middleware(async_2)
        .middleware(async_3)
        .middleware(async_4)
        .middleware(async_5)
        .middleware(async_6)
        .route(SYNC_HELLO.trim_start_matches('/'), hello_async)
}
