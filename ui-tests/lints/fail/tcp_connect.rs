use twain::prelude::*;

#[view]
async fn ping() -> Result<&'static str, Error> {
    let _stream = std::net::TcpStream::connect("127.0.0.1:9")?;
    Ok("pong")
}

fn main() {}
