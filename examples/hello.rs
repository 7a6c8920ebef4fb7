//! The tour app: a sync view, an async view, routes with parameters, JSON, state,
//! a named route, and a view that panics to show the 500 and the survival.
//!
//! ```text
//! cargo run --example hello                  # serves on 127.0.0.1:8000
//! TWAIN_ADDR=127.0.0.1:9000 cargo run --example hello
//! cargo run --example hello -- 127.0.0.1:9000
//! ```
//!
//! Then: `curl localhost:8000/`, `/articles/2024/hello-world/`, `/slow/`,
//! `/api/hits/`, `/panic/`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use twain::prelude::*;

/// Sync: a plain `fn` runs on a sync thread, so it may block.
#[view]
fn index(req: &Request) -> String {
    let on = if twain::on_sync_thread() {
        "a sync thread"
    } else {
        "an async worker"
    };
    format!(
        "hello from {on}; try {}\n",
        req.reverse("article", &[("year", "2024"), ("slug", "hello-world")])
            .unwrap_or_default()
    )
}

/// Async: runs inline on the tokio workers; `year` and `slug` come from the route.
#[view]
async fn article(year: u32, slug: String) -> Result<Html<String>, Error> {
    if year < 2000 {
        return Err(Error::not_found(format!("no articles from {year}")));
    }
    Ok(Html(format!("<h1>{slug}</h1><p>published in {year}</p>\n")))
}

/// Sync and blocking: `std::thread::sleep` here stalls only this sync thread,
/// never the async workers.
#[view]
fn slow(ms: u64) -> String {
    std::thread::sleep(Duration::from_millis(ms.min(5_000)));
    format!("slept {ms} ms on a sync thread\n")
}

/// Inline: cheap sync code run on the worker, with no thread switch.
#[view(inline)]
fn hits(counter: State<AtomicU64>) -> Json<twain::serde_json::Value> {
    let hits = counter.fetch_add(1, Ordering::Relaxed) + 1;
    Json(twain::json!({ "hits": hits }))
}

/// Panics: the client gets a 500, the log gets the message, the server goes on.
#[view]
fn boom() -> &'static str {
    panic!("this view panics on purpose")
}

fn main() -> Result<(), twain::ServeError> {
    let addr = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("TWAIN_ADDR").ok())
        .unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    App::new()
        .state(AtomicU64::new(0))
        .route("", index)
        .route("articles/<int:year>/<slug:slug>/", get(article))
        .name("article")
        .route("slow/<int:ms>/", slow)
        .route("api/hits/", hits)
        .route("panic/", boom)
        .run(addr)
}
