use std::time::Duration;
use twain::prelude::*;

async fn audit(_what: &str) {}

#[view]
fn slow(cx: Blocking) -> Result<String, Error> {
    std::thread::sleep(Duration::from_millis(1));
    let text = std::fs::read_to_string("Cargo.toml")?;
    twain::async_to_sync(cx, audit("read"));
    let _ = std::process::Command::new("true").status();
    let _explicitly_dropped = audit("not run, on purpose");
    Ok(text)
}

#[view]
#[allow(unused_must_use)]
fn careless() -> &'static str {
    std::fs::write("x", "y");
    "ok"
}

fn main() {}
