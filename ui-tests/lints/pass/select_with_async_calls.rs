use std::time::Duration;
use twain::prelude::*;

#[view]
async fn race() -> String {
    let (_tx, mut rx) = tokio::sync::mpsc::channel::<u32>(1);
    let on = true;
    tokio::select! {
        biased;
        Some(n) = rx.recv(), if on => n.to_string(),
        _ = tokio::time::sleep(Duration::from_millis(5)) => {
            tokio::fs::read_to_string("Cargo.toml").await.unwrap_or_default()
        }
        else => String::new(),
    }
}

/// A branch's pattern binds its own names: `sleep` here is the closure the
/// future gave, not the imported `std::thread::sleep`.
#[view]
#[allow(unused_imports)]
async fn shadowed() -> String {
    use std::thread::sleep;
    twain::tokio::select! {
        sleep = async { |ms: u64| ms * 2 } => sleep(1).to_string(),
    }
}

fn main() {}
