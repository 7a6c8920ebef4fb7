//! Case 3's apps: six
//! middleware, once alternating async/sync, once all async, each around the
//! same sync view — so both chains make the view's one switch, and the ratio
//! is the price of mixing modes in the chain. A third app (all async, async
//! view: no switch at all) is shown for reference.
//!
//! Every middleware does the same trivial work (adds a response header), so
//! the chains differ only in their modes.

use twain::http::HeaderValue;
use twain::prelude::*;

use super::{SYNC_HELLO, SYNC_THREADS};

/// Marks the response, so the probe sees a chain that really ran.
fn mark(mut response: Response, layer: &'static str) -> Response {
    response
        .headers_mut()
        .append("x-chain", HeaderValue::from_static(layer));
    response
}

macro_rules! async_layers {
    ($($name:ident),*) => {$(
        #[middleware]
        async fn $name(req: Request, next: Next) -> Response {
            mark(next.run(req).await, stringify!($name))
        }
    )*};
}

macro_rules! sync_layers {
    ($($name:ident),*) => {$(
        #[middleware]
        fn $name(req: Request, next: SyncNext) -> Response {
            mark(next.run(req), stringify!($name))
        }
    )*};
}

async_layers!(async_1, async_2, async_3, async_4, async_5, async_6);
sync_layers!(sync_1, sync_2, sync_3);

#[view]
fn hello_sync() -> &'static str {
    "hello"
}

#[view]
async fn hello_async() -> &'static str {
    "hello"
}

fn path() -> &'static str {
    SYNC_HELLO.trim_start_matches('/')
}

/// async, sync, async, sync, async, sync, then the sync view: one switch.
pub fn mixed_app() -> App {
    App::new()
        .sync_threads(SYNC_THREADS)
        .middleware(async_1)
        .middleware(sync_1)
        .middleware(async_2)
        .middleware(sync_2)
        .middleware(async_3)
        .middleware(sync_3)
        .route(path(), hello_sync)
}

fn all_async_chain() -> App {
    App::new()
        .sync_threads(SYNC_THREADS)
        .middleware(async_1)
        .middleware(async_2)
        .middleware(async_3)
        .middleware(async_4)
        .middleware(async_5)
        .middleware(async_6)
}

/// The six all async, then the same sync view: its one switch.
pub fn all_async_app() -> App {
    all_async_chain().route(path(), hello_sync)
}

/// The six all async and an async view: no switch (reference).
pub fn all_async_async_view_app() -> App {
    all_async_chain().route(path(), hello_async)
}
