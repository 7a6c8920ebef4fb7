use twain::prelude::*;

fn load_settings() -> String {
    std::fs::read_to_string("settings.json").unwrap_or_default()
}

struct Store;

impl Store {
    fn load(&self) -> String {
        load_settings()
    }
}

// inside `sync_to_async` and `spawn_blocking`, the helper runs on a sync thread
#[view]
async fn settings() -> Result<String, Error> {
    let a = twain::sync_to_async(|_cx| load_settings()).await?;
    let b = tokio::task::spawn_blocking(load_settings).await.unwrap_or_default();
    let job = move || Store.load();
    let c = tokio::task::spawn_blocking(job).await.unwrap_or_default();
    Ok(format!("{a}{b}{c}"))
}

// a sync view may block: it runs on a sync thread
#[view]
fn sync_settings() -> String {
    load_settings()
}

fn main() {
    let _ = (settings, sync_settings);
}
