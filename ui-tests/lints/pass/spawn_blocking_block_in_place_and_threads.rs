use std::time::Duration;
use twain::prelude::*;

#[view]
async fn work() -> String {
    let a = tokio::task::spawn_blocking(|| std::fs::read("Cargo.toml").map(|b| b.len()))
        .await
        .ok();
    let job = move || {
        std::thread::sleep(Duration::from_millis(1));
        2
    };
    let b = tokio::task::spawn_blocking(job).await.ok();
    let c = tokio::task::block_in_place(|| std::process::Command::new("true").status().is_ok());
    // A thread started and not waited for: only `.join()` would block.
    let d = std::thread::spawn(|| std::net::TcpStream::connect("127.0.0.1:9").is_ok())
        .thread()
        .id();
    let e = tokio::runtime::Handle::current()
        .spawn_blocking(|| std::io::stdin().lines().count())
        .await
        .ok();
    format!("{a:?} {b:?} {c} {d:?} {e:?}")
}

fn main() {}
