use std::time::Duration;
use twain::prelude::*;

#[view]
async fn slow() -> &'static str {
    std::thread::sleep(Duration::from_millis(10));
    "done"
}

fn main() {}
