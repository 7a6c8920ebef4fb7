use std::time::Duration;
use twain::prelude::*;

/// The app's own `read` and `sleep`: not std's.
fn read(key: &str) -> String {
    key.to_uppercase()
}

async fn sleep(d: Duration) {
    tokio::time::sleep(d).await;
}

mod fs {
    pub fn read_to_string(path: &str) -> String {
        path.to_owned()
    }
}

struct Cache;

impl Cache {
    fn open(name: &str) -> Cache {
        let _ = name;
        Cache
    }
    fn read(&self, key: &str) -> String {
        read(key)
    }
}

#[view]
async fn page(key: String) -> String {
    sleep(Duration::from_millis(1)).await;
    let cache = Cache::open("pages");
    format!("{}{}", cache.read(&key), fs::read_to_string("x"))
}

fn main() {
    let _ = page;
}
