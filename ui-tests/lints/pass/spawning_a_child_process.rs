use twain::prelude::*;

/// Fire and forget: `spawn` starts the child without waiting for it.
#[view]
async fn notify() -> Result<&'static str, Error> {
    use std::process::Command;
    let _child = Command::new("true").spawn()?;
    Ok("notified")
}

fn main() {}
