use std::time::Duration;
use twain::prelude::*;

/// A module-level async helper that happens to be called `sleep`.
async fn sleep(d: Duration) {
    tokio::time::sleep(d).await
}

/// A module of the user's own, named like std's.
mod thread {
    pub fn sleep(_: std::time::Duration) {}
}

mod fs {
    pub fn read_to_string(_: &str) -> String {
        String::new()
    }
}

struct Runner;
impl Runner {
    fn output(&self) -> u32 {
        1
    }
}

#[view]
async fn fine() -> String {
    sleep(Duration::from_millis(1)).await;
    thread::sleep(Duration::from_millis(1));
    let text = fs::read_to_string("x");
    let n = Runner.output();
    format!("{text}{n}")
}

fn main() {}
