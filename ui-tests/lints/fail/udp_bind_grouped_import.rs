use twain::prelude::*;

#[view]
async fn listen() -> Result<&'static str, Error> {
    use std::net::{Ipv4Addr, UdpSocket};
    let _socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok("bound")
}

fn main() {}
