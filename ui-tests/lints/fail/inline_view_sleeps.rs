use std::time::Duration;
use twain::prelude::*;

#[view(inline)]
fn quick() -> &'static str {
    std::thread::sleep(Duration::from_millis(10));
    "quick?"
}

fn main() {}
