//! The twain app under test: hello as an async, a sync and an inline view, and
//! a sync view that blocks its thread (the isolation case's background load).

use std::time::Duration;

use twain::prelude::*;

use super::{ASYNC_HELLO, BLOCK, BLOCK_MS, INLINE_HELLO, SYNC_HELLO, SYNC_THREADS};

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

/// A view with an argument (`GREET_ASYNC`).
#[view]
async fn greet_async(name: String) -> String {
    format!("hello {name}")
}

/// A sync view with an argument (`GREET_SYNC`).
#[view]
fn greet_sync(name: String) -> String {
    format!("hello {name}")
}

/// Blocks like a slow database call would; runs on a sync thread.
#[view]
fn block() -> &'static str {
    std::thread::sleep(Duration::from_millis(BLOCK_MS));
    "slept"
}

/// twain patterns have no leading slash.
fn pattern(path: &str) -> &str {
    path.trim_start_matches('/')
}

pub fn app() -> App {
    // `TWAIN_BENCH_NO_SLOW_POLL=1` turns the slow-poll timing off, to
    // measure what it costs; `TWAIN_BENCH_SLOW_POLL_MS` sets its threshold
    // (`twain-bench instructions` raises it: under valgrind a poll takes
    // 50x longer, and a poll slow on the wall clock makes the backstop read
    // the thread's counters for the next 256 polls, which no real run does).
    let slow_poll = match std::env::var_os("TWAIN_BENCH_NO_SLOW_POLL") {
        Some(_) => Duration::MAX,
        None => std::env::var("TWAIN_BENCH_SLOW_POLL_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_millis(10), Duration::from_millis),
    };
    App::new()
        .slow_poll_threshold(slow_poll)
        .sync_threads(SYNC_THREADS)
        .route(pattern(ASYNC_HELLO), hello_async)
        .route(pattern(SYNC_HELLO), hello_sync)
        .route(pattern(INLINE_HELLO), hello_inline)
        .route(pattern(BLOCK), block)
        .route("greet/async/<name>/", greet_async)
        .route("greet/sync/<name>/", greet_sync)
}

#[view]
async fn metrics(prometheus: State<twain::ops::Prometheus>) -> twain::ops::Prometheus {
    twain::ops::Prometheus::clone(&prometheus)
}

/// The same app with twain's Prometheus recorder installed first, so every
/// request records its metrics, and `/metrics` to read them.
pub fn with_metrics() -> Result<App, twain::ops::MetricsError> {
    let prometheus = twain::ops::Prometheus::install()?;
    Ok(app().state(prometheus).route("metrics", metrics))
}
