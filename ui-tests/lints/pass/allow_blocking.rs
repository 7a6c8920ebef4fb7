use std::time::Duration;
use twain::prelude::*;

#[view(allow_blocking)]
async fn legacy() -> Result<String, Error> {
    std::thread::sleep(Duration::from_millis(1));
    Ok(std::fs::read_to_string("Cargo.toml")?)
}

#[view(inline, allow_blocking)]
fn quick() -> String {
    std::fs::read_to_string("Cargo.toml").unwrap_or_default()
}

fn main() {}
