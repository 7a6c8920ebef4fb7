use std::time::Duration;
use twain::prelude::*;

#[view]
async fn race() -> String {
    let (_tx, mut rx) = tokio::sync::mpsc::channel::<u32>(1);
    tokio::select! {
        biased;
        Some(n) = rx.recv() => {
            std::thread::sleep(Duration::from_millis(1));
            n.to_string()
        }
        _ = async { std::fs::read("Cargo.toml") } => String::new(),
        else => std::fs::read_to_string("Cargo.toml").unwrap_or_default(),
    }
}

fn main() {}
