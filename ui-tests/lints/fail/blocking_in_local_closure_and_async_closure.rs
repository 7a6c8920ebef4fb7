use std::time::Duration;
use twain::prelude::*;

#[view]
async fn later() -> usize {
    // Called right here, on the worker: not handed to another thread.
    let pause = || std::thread::sleep(Duration::from_millis(1));
    pause();
    let read = async |path: &str| std::fs::read(path).map(|b| b.len()).unwrap_or(0);
    read("Cargo.toml").await
}

fn main() {}
