use twain::prelude::*;

#[view]
async fn run() -> Result<String, Error> {
    let status = std::process::Command::new("true").status()?;
    // Spawning does not block; waiting for the child does.
    let _waited = (std::process::Command::new("true")).spawn()?.wait()?;
    Ok(status.to_string())
}

fn main() {}
