use std::time::Duration;
use twain::prelude::*;

async fn fetch_with_retry(url: &str) -> String {
    for attempt in 0..3u64 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(100 * attempt));
        }
        tokio::task::yield_now().await;
    }
    url.to_owned()
}

#[view]
async fn proxy() -> String {
    fetch_with_retry("http://127.0.0.1:1/").await
}

fn main() {
    let _ = proxy;
}
