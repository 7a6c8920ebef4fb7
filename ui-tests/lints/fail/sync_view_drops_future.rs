use std::time::Duration;
use twain::prelude::*;

async fn audit(_what: &str) {}

#[view]
fn delete(cx: Blocking) -> &'static str {
    audit("delete");
    tokio::time::sleep(Duration::from_millis(1));
    twain::async_to_sync(cx, audit("delete, awaited"));
    "deleted"
}

fn main() {}
