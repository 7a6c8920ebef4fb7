//! The slowloris guard for a connection's first bytes. hyper's
//! `header_read_timeout` starts only once hyper reads an HTTP/1 head, but
//! hyper-util's auto (HTTP/1 + HTTP/2) builder first waits, with no time limit,
//! for enough bytes to tell the two apart: a client that connects and sends
//! nothing (or trickles the first bytes of the HTTP/2 preface) would hold the
//! connection forever. Here the first bytes must arrive within the same
//! `header_read_timeout`.

use std::time::Duration;

use tokio::net::TcpStream;

/// What an HTTP/2 client sends first.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Which protocol a connection speaks, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    Http1,
    Http2,
}

/// Waits, at most `limit`, until the client has sent enough to tell HTTP/1
/// from HTTP/2 (without consuming it). `None`: close the connection.
pub(crate) async fn request_started(stream: &TcpStream, limit: Duration) -> Option<Protocol> {
    let started = async {
        let mut buf = [0u8; 24];
        loop {
            let n = stream.peek(&mut buf).await?;
            if n == 0 {
                return Ok::<_, std::io::Error>(None);
            }
            if buf[..n] != H2_PREFACE[..n] {
                return Ok(Some(Protocol::Http1));
            }
            if n >= H2_PREFACE.len() {
                return Ok(Some(Protocol::Http2));
            }
            // A partial HTTP/2 preface: peek returns at once, so pace the retries.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    match tokio::time::timeout(limit, started).await {
        Ok(Ok(started)) => started,
        Ok(Err(err)) => {
            tracing::debug!(error = %err, "connection failed before its first request");
            None
        }
        Err(_) => {
            tracing::debug!(
                "no request within the header read timeout ({limit:?}); closing the connection"
            );
            None
        }
    }
}
