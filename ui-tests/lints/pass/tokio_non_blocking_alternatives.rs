use std::time::Duration;
use twain::prelude::*;

#[view]
async fn fine() -> Result<String, Error> {
    use tokio::time::sleep;
    sleep(Duration::from_millis(1)).await;
    tokio::time::sleep(Duration::from_millis(1)).await;
    let text = tokio::fs::read_to_string("Cargo.toml").await?;
    let out = tokio::process::Command::new("true").output().await?;
    let _stream = tokio::net::TcpStream::connect("127.0.0.1:9").await.ok();
    Ok(format!("{} {}", text.len(), out.status))
}

fn main() {}
