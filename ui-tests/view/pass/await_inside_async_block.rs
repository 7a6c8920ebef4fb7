//! A sync view may build futures and async blocks; only its own `.await` is an
//! error, not one inside an async block or async closure it creates.
use twain::prelude::*;

#[view]
fn makes_a_future() -> String {
    let fut = async {
        tokio::task::yield_now().await;
        1
    };
    drop(fut);
    let closure = async || tokio::task::yield_now().await;
    let _ = closure;
    "ok".to_owned()
}

fn main() {
    let _ = App::new().route("", makes_a_future);
}
