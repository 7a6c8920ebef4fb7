use std::time::Duration;
use twain::prelude::*;

#[view]
async fn outer() -> Result<String, Error> {
    fn helper() -> usize {
        std::thread::sleep(Duration::from_millis(1));
        std::fs::read("Cargo.toml").map(|b| b.len()).unwrap_or(0)
    }
    struct Loader;
    impl Loader {
        fn load(&self) -> String {
            std::fs::read_to_string("Cargo.toml").unwrap_or_default()
        }
    }
    let n = twain::sync_to_async(|_cx| helper() + Loader.load().len()).await?;
    Ok(n.to_string())
}

fn main() {}
