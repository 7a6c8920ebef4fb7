//! A mixed middleware chain, and the same chain all-async: six middleware that
//! alternate modes around a sync view make exactly one thread switch per
//! request (docs/architecture.md), where Django would switch at every change of mode.
//! The built-in middleware sit outside them.
//!
//! ```text
//! cargo run --example middleware                          # mixed chain on 127.0.0.1:8000
//! cargo run --example middleware -- all-async 127.0.0.1:8001
//! RUST_LOG=twain=debug cargo run --example middleware     # shows each adaptation
//! ```
//!
//! Then `curl -i localhost:8000/` shows where each part ran (and the
//! `X-Request-Id` the built-ins added), and `curl localhost:8000/switches/` how
//! many switches the process made so far: one per request to `/` in both
//! chains (in the mixed one, `/switches/` switches too: its sync middleware
//! do). `mixed` and `all_async` below are the pair of chains the benchmark
//! compares; copy them as they are.

use std::time::Duration;

use twain::middleware::{AllowedHosts, Timeout, access_log, allowed_hosts, request_id, timeout};
use twain::prelude::*;

/// The same small work in every middleware of both chains: note where it ran.
fn note(req: &mut Request, name: &str) {
    let here = if twain::on_sync_thread() {
        "sync thread"
    } else {
        "async worker"
    };
    let line = format!("{name}: {here} {:?}\n", std::thread::current().id());
    req.extensions_mut()
        .get_or_insert_default::<Notes>()
        .0
        .push_str(&line);
}

#[derive(Clone, Default)]
struct Notes(String);

macro_rules! async_parts {
    ($($name:ident),*) => {$(
        #[middleware]
        async fn $name(mut req: Request, next: Next) -> Response {
            note(&mut req, stringify!($name));
            next.run(req).await
        }
    )*};
}

macro_rules! sync_parts {
    ($($name:ident),*) => {$(
        #[middleware]
        fn $name(mut req: Request, next: SyncNext) -> Response {
            note(&mut req, stringify!($name));
            next.run(req)
        }
    )*};
}

async_parts!(async_1, async_2, async_3, async_4, async_5, async_6);
sync_parts!(sync_1, sync_2, sync_3);

/// Six middleware alternating async and sync: one switch per request.
fn mixed(app: App) -> App {
    app.middleware(async_1)
        .middleware(sync_1)
        .middleware(async_2)
        .middleware(sync_2)
        .middleware(async_3)
        .middleware(sync_3)
}

/// The same six, all async: the view's own switch is the only one.
fn all_async(app: App) -> App {
    app.middleware(async_1)
        .middleware(async_2)
        .middleware(async_3)
        .middleware(async_4)
        .middleware(async_5)
        .middleware(async_6)
}

/// Sync: runs on the sync thread the chain already moved to, or moves there.
#[view]
fn index(mut req: Request) -> String {
    note(&mut req, "view");
    req.extensions_mut().remove::<Notes>().unwrap_or_default().0
}

/// Inline: cheap, so it runs where it is reached, with no switch of its own.
#[view(inline)]
fn switches() -> String {
    format!("{} switches so far\n", twain::stats::switches())
}

/// Each route below is checked against its view at compile time.
#[routes]
fn main() -> Result<(), twain::ServeError> {
    let mut args = std::env::args().skip(1).peekable();
    let chain: fn(App) -> App = match args.peek().map(String::as_str) {
        Some("all-async") => {
            args.next();
            all_async
        }
        Some("mixed") => {
            args.next();
            mixed
        }
        _ => mixed,
    };
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    let app = App::new()
        .state(AllowedHosts::new([".localhost", "127.0.0.1", "[::1]"]))
        .state(Timeout(Duration::from_secs(10)))
        .middleware(allowed_hosts)
        .middleware(request_id)
        .middleware(access_log)
        .middleware(timeout);
    chain(app)
        .route("", index)
        .route("switches/", switches)
        .run(addr)
}
