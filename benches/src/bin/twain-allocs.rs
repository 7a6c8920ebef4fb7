//! `twain-allocs`: heap allocations per request, counted by a global
//! allocator wrapper, for twain's async, sync and inline hello views and for
//! axum's async hello and bare hyper's service_fn body, each called in-process through its tower service (no
//! socket, so hyper's own per-request work is left out and the frameworks
//! are compared alone). Also prints the size of the future each request
//! stores.
//!
//! ```text
//! cargo run --release -p twain-bench --bin twain-allocs
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use tower_service::Service;
use twain::prelude::*;

/// The system allocator, counting allocations (reallocations included).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to `System`; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[view]
async fn hello_async() -> &'static str {
    "hello"
}

#[view]
fn hello_sync() -> &'static str {
    "hello"
}

#[view(inline)]
fn hello_inline() -> &'static str {
    "hello"
}

const REQUESTS: u64 = 2_000;

fn request(path: &str) -> http::Request<Empty<Bytes>> {
    http::Request::get(path)
        .body(Empty::new())
        .expect("a valid request")
}

/// Allocations and bytes per request of `call`, after a warm-up.
async fn count<F, Fut, B>(mut call: F, path: &str) -> (f64, f64)
where
    F: FnMut(http::Request<Empty<Bytes>>) -> Fut,
    Fut: Future<Output = http::Response<B>>,
    B: http_body::Body,
{
    for _ in 0..100 {
        let _ = call(request(path)).await.into_body().collect().await;
    }
    let (a0, b0) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    for _ in 0..REQUESTS {
        let req = request(path);
        let response = call(req).await;
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let _ = response.into_body().collect().await;
    }
    let (a1, b1) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    // Requests are built in the loop: take their own cost out.
    let (ra, rb) = {
        let (a0, b0) = (
            ALLOCATIONS.load(Ordering::Relaxed),
            BYTES.load(Ordering::Relaxed),
        );
        for _ in 0..REQUESTS {
            drop(std::hint::black_box(request(path)));
        }
        (
            ALLOCATIONS.load(Ordering::Relaxed) - a0,
            BYTES.load(Ordering::Relaxed) - b0,
        )
    };
    let n = REQUESTS as f64;
    ((a1 - a0 - ra) as f64 / n, (b1 - b0 - rb) as f64 / n)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let service = App::new()
            .route("a/", hello_async)
            .route("s/", hello_sync)
            .route("i/", hello_inline)
            .into_service()
            .expect("a valid app");
        let future_size = size_of_val(&service.handle(request("/a/")));
        println!("| request | allocations/request | bytes allocated/request |");
        println!("|---|---|---|");
        for (label, path) in [
            ("twain async view", "/a/"),
            ("twain sync view", "/s/"),
            ("twain inline view", "/i/"),
        ] {
            let service = service.clone();
            let (allocs, bytes) = count(move |req| service.handle(req), path).await;
            println!("| {label} | {allocs:.1} | {bytes:.0} |");
        }
        // What bare hyper's service_fn does per request (the harness's floor).
        let (allocs, bytes) = count(
            |_req| async {
                let mut response =
                    http::Response::new(http_body_util::Full::new(Bytes::from_static(b"hello")));
                response.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                response
            },
            "/",
        )
        .await;
        println!("| bare hyper service_fn body | {allocs:.1} | {bytes:.0} |");
        let mut router = axum::Router::new()
            .route("/a/", axum::routing::get(|| async { "hello" }))
            .route(
                "/s/",
                axum::routing::get(|| async {
                    tokio::task::spawn_blocking(|| "hello")
                        .await
                        .unwrap_or("join error")
                }),
            );
        for (label, path) in [
            ("axum async handler", "/a/"),
            ("axum + spawn_blocking", "/s/"),
        ] {
            let (allocs, bytes) = count(
                |req| {
                    let future = router.call(req);
                    async move { future.await.expect("infallible") }
                },
                path,
            )
            .await;
            println!("| {label} | {allocs:.1} | {bytes:.0} |");
        }
        println!(
            "\nThe future `AppService::handle` returns: {future_size} bytes (the server keeps it in hyper's slot for the connection: no box per request)."
        );
    });
}
