use std::time::Duration;
use twain::prelude::*;

#[view]
async fn slow() -> &'static str {
    let nap = std::thread::sleep;
    nap(Duration::from_millis(10));
    "done"
}

fn main() {}
