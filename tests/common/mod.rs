//! Helpers shared by the integration tests: serve an app on 127.0.0.1 and talk
//! raw HTTP/1.1 to it, the way a real client would.

#![allow(dead_code)] // each test binary uses a different subset

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use twain::App;

/// A server on an ephemeral loopback port, stopped by `stop()`.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), twain::Error>>,
}

impl Server {
    pub async fn start(app: App) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.serve_with_shutdown(listener, async {
            let _ = stopped.await;
        }));
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    /// Signals shutdown and waits (bounded) for the server to drain and stop.
    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(30), &mut self.task)
            .await
            .expect("server did not stop within 30 s")
            .expect("server task panicked")
            .expect("server returned an error");
    }
}

/// A response read off the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// Sends one HTTP/1.1 request with `Connection: close` and reads the reply.
pub async fn request(addr: SocketAddr, method: &str, path: &str) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr).await?;
    let head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::other("no reply within 30 s"))??;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP reply: {text:?}")))?;
    Ok(Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}

pub async fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path).await.unwrap()
}
