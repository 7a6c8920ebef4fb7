//! Minimal HTTP/1.1 over a std `TcpStream`: enough to probe that a server
//! answers 200 and to hold idle keep-alive connections for the memory case.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Sends `GET path` on `stream` (keep-alive) and reads the whole response;
/// returns its status code.
pub fn get(stream: &mut TcpStream, path: &str) -> Result<u16, String> {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .map_err(|err| format!("write: {err}"))?;
    let mut buf = Vec::with_capacity(512);
    let mut chunk = [0u8; 512];
    loop {
        let read = stream
            .read(&mut chunk)
            .map_err(|err| format!("read: {err}"))?;
        if read == 0 {
            return Err("connection closed before a full response".to_owned());
        }
        buf.extend_from_slice(&chunk[..read]);
        if let Some(status) = complete_response(&buf)? {
            return Ok(status);
        }
    }
}

/// Opens a connection with a read timeout, so a silent server is an error.
pub fn connect(addr: SocketAddr) -> Result<TcpStream, String> {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|err| format!("connect to {addr}: {err}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|err| err.to_string())?;
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// Checks that `GET path` on `addr` answers 200.
pub fn probe(addr: SocketAddr, path: &str) -> Result<(), String> {
    let status = get(&mut connect(addr)?, path).map_err(|err| format!("GET {path}: {err}"))?;
    if status == 200 {
        Ok(())
    } else {
        Err(format!("GET {path} on {addr} answered {status}, not 200"))
    }
}

/// The status once `buf` holds the head and a `Content-Length` body.
fn complete_response(buf: &[u8]) -> Result<Option<u16>, String> {
    let Some(head_end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .ok_or("response without Content-Length (the bench routes send one)")?;
    Ok((buf.len() >= head_end + 4 + length).then_some(status))
}
