use twain::prelude::*;

#[view]
async fn uptime() -> Result<String, Error> {
    use std::process::Command;
    let out = Command::new("uptime").arg("-p").output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn main() {}
