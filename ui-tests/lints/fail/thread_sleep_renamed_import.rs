use std::time::Duration;
use twain::prelude::*;

#[view]
async fn slow() -> &'static str {
    use std::thread::sleep as nap;
    nap(Duration::from_millis(10));
    "done"
}

fn main() {}
