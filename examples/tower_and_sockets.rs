//! tower inside a twain app, and the live parts of a web page: tower-http's
//! trace, compression and CORS layers, a timeout on one route, a static
//! folder mounted with `ServeDir` (Range and conditional requests), server-sent
//! events from an async stream and from a sync iterator, a WebSocket echo,
//! a redirect and the client's address. Builds with only `twain` as a
//! dependency: everything comes through `twain::…`.
//!
//! ```text
//! cargo run --example tower_and_sockets      # serves on 127.0.0.1:8000
//! cargo run --example tower_and_sockets -- 127.0.0.1:9000
//! ```
//!
//! Then open http://127.0.0.1:8000/ in a browser (it redirects to the
//! static page, which listens to the events and talks to the socket), or:
//! `curl -N localhost:8000/events/`, `curl -N localhost:8000/events/sync/`,
//! `curl -r 0-9 localhost:8000/static/index.html`, `curl localhost:8000/whoami/`,
//! `curl localhost:8000/slow/` (408 after one second).

use std::time::Duration;

use twain::futures::StreamExt;
use twain::prelude::*;
use twain::sse::{Event, KeepAlive, Sse};
use twain::tower_http::compression::CompressionLayer;
use twain::tower_http::cors::CorsLayer;
use twain::tower_http::services::ServeDir;
use twain::tower_http::timeout::TimeoutLayer;
use twain::tower_http::trace::TraceLayer;
use twain::ws::{Message, WebSocket, WebSocketUpgrade};
use twain::{ClientAddr, Redirect};

/// The front page is the static one.
#[view(inline)]
fn index() -> Redirect {
    Redirect::to("/static/index.html")
}

/// Async: a `tick` event every second, from a stream polled on the workers.
#[view]
async fn events() -> impl IntoResponse {
    let ticks = twain::futures::stream::unfold(1u64, |n| async move {
        twain::tokio::time::sleep(Duration::from_secs(1)).await;
        let event = Event::default()
            .event("tick")
            .id(n.to_string())
            .data(format!("{n} s"));
        Some((event, n + 1))
    });
    Sse::new(ticks.take(60)).keep_alive(KeepAlive::new().interval(Duration::from_secs(10)))
}

/// Sync: each `next()` runs on a sync thread, so it may block (a database
/// cursor, a channel); keep-alive comments go out while it does.
#[view]
fn sync_events() -> impl IntoResponse {
    let rows = (1..=5).map(|n| {
        std::thread::sleep(Duration::from_millis(700)); // a slow, blocking source
        Event::default().data(format!("row {n} of 5"))
    });
    Sse::iter(rows).keep_alive(KeepAlive::new().interval(Duration::from_millis(500)))
}

/// A WebSocket echo, in an async view (a sync view cannot take the upgrade).
#[view]
async fn echo(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(|mut socket: WebSocket| async move {
        while let Some(Ok(message)) = socket.recv().await {
            let reply = match message {
                Message::Text(text) => Message::text(format!("{text}")),
                Message::Binary(bytes) => Message::Binary(bytes),
                Message::Close(_) => break,
                _ => continue,
            };
            if socket.send(reply).await.is_err() {
                break;
            }
        }
    })
}

#[view]
fn whoami(addr: ClientAddr) -> String {
    format!("you are {addr}\n")
}

#[view]
async fn slow() -> &'static str {
    twain::tokio::time::sleep(Duration::from_secs(5)).await;
    "too late to be seen\n"
}

fn main() -> Result<(), twain::ServeError> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    let static_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/static");
    App::new()
        .layer(TraceLayer::new_for_http())
        .layer(CorsLayer::permissive())
        .layer(CompressionLayer::new())
        .mount("static", ServeDir::new(static_dir))
        .route("", index)
        .route("events/", get(events))
        .route("events/sync/", get(sync_events))
        .route("ws/", get(echo))
        .route("whoami/", whoami)
        .route(
            "slow/",
            get(slow).layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(1),
            )),
        )
        .run(addr)
}
