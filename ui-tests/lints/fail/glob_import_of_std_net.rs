use twain::prelude::*;

#[view]
async fn probe() -> Result<&'static str, Error> {
    use std::net::*;
    let _stream = TcpStream::connect((Ipv4Addr::LOCALHOST, 9))?;
    Ok("reachable")
}

fn main() {}
