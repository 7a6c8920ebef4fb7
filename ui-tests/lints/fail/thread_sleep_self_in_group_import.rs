use std::time::Duration;
use twain::prelude::*;

#[view]
async fn slow() -> &'static str {
    use ::std::{thread::{self}, time};
    let _ = time::Instant::now();
    thread::sleep(Duration::from_millis(10));
    "done"
}

fn main() {}
