use std::time::Duration;
use twain::prelude::*;

async fn load_settings() -> String {
    tokio::fs::read_to_string("settings.json")
        .await
        .unwrap_or_default()
}

async fn backoff(attempt: u64) {
    tokio::time::sleep(Duration::from_millis(10 * attempt)).await;
}

struct Client;

impl Client {
    async fn get(&self, path: &str) -> String {
        backoff(1).await;
        format!("{path} {}", load_settings().await)
    }
}

#[view]
async fn settings() -> String {
    let client = Client;
    client.get("/").await
}

fn main() {
    let _ = settings;
}
