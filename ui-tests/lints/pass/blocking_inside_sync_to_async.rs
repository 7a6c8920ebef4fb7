use std::time::Duration;
use twain::prelude::*;

#[view]
async fn report() -> Result<String, Error> {
    use std::fs;
    let text = twain::sync_to_async(|_cx| {
        std::thread::sleep(Duration::from_millis(1));
        fs::read_to_string("Cargo.toml")
    })
    .await??;
    let size = twain::sync_to_async(move |cx| {
        let _ = twain::async_to_sync(cx, async { 1 });
        std::fs::metadata("Cargo.toml").map(|m| m.len())
    })
    .await??;
    Ok(format!("{} {size}", text.len()))
}

fn main() {}
