use std::fs;
use fs::File;
use std::time::Duration;
use twain::prelude::*;

#[view]
async fn config() -> String {
    use std::thread as threads;
    use threads::sleep as nap;
    nap(Duration::from_millis(5));
    format!("{}", File::open("app.toml").is_ok())
}

fn main() {}
