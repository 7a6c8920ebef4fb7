//! Every phase of a connection has a deadline, tried over real sockets on
//! 127.0.0.1 with short deadlines: a body that stalls or trickles gets 408
//! and the connection closes; idle HTTP/1.1 and HTTP/2 connections, an HTTP/2
//! header block that never ends and a client that stops reading its answer
//! are closed; shutdown with only idle clients (one that never ACKs a ping)
//! is prompt.

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::{Server, parse, start};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twain::prelude::*;

const SHORT: Duration = Duration::from_millis(300);

#[view]
async fn echo_async(body: Bytes) -> String {
    body.len().to_string()
}

#[view]
fn echo_sync(body: Bytes) -> String {
    body.len().to_string()
}

#[view]
fn hello() -> &'static str {
    "hello"
}

const BIG: usize = 64 * 1024 * 1024;

/// 64 MiB, made as it is sent.
#[view]
async fn big()
-> twain::ByteStream<impl futures_util::Stream<Item = Result<Bytes, Infallible>> + Send> {
    let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
    twain::ByteStream(futures_util::stream::iter(
        (0..BIG / chunk.len()).map(move |_| Ok(chunk.clone())),
    ))
}

/// An app whose every deadline is short, except the ones a test names.
fn app() -> App {
    App::new()
        .route("async/", echo_async)
        .route("sync/", echo_sync)
        .route("", hello)
        .route("big/", big)
        .write_timeout(SHORT)
        .header_read_timeout(Duration::from_secs(10))
        .body_read_timeout(SHORT)
        .body_timeout(Duration::from_secs(1))
        .keep_alive_timeout(SHORT)
        .http2_idle_timeout(SHORT)
        .shutdown_timeout(Duration::from_secs(15))
}

/// Reads to EOF, at most `limit`; `None` when the server kept the connection open.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut bytes)).await {
        Ok(_) => Some(bytes),
        Err(_) => None,
    }
}

/// Declares 100 bytes, sends 10, and waits for the answer and the close.
async fn stalled_body(addr: SocketAddr, path: &str) -> (u16, Option<String>, Duration) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head =
        format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789");
    stream.write_all(head.as_bytes()).await.unwrap();
    let sent = Instant::now();
    let bytes = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("the server held a stalled body's connection open for 5 s");
    let reply = parse(&bytes);
    (
        reply.status,
        reply.header("connection").map(str::to_owned),
        sent.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_http1_body_is_408_and_the_connection_closes() {
    let server = start(app()).await;
    for path in ["/async/", "/sync/"] {
        let (status, connection, took) = stalled_body(server.addr, path).await;
        assert_eq!(status, 408, "{path}");
        assert_eq!(connection.as_deref(), Some("close"), "{path}");
        assert!(
            took >= SHORT,
            "{path}: answered before the deadline ({took:?})"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_spellings_of_a_stalled_http1_body_do_not_hold_the_connection() {
    let server = start(app()).await;
    for (what, request, status) in [
        (
            "a chunked body whose next chunk never comes",
            "POST /async/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
            408,
        ),
        (
            "Expect: 100-continue, then no body",
            "POST /sync/ HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n",
            408,
        ),
        (
            "a short body to a route that never reads it",
            "POST /nowhere/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789",
            404,
        ),
    ] {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let bytes = read_until_closed(&mut stream, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("{what}: the connection was open after 5 s"));
        // Skip a `100 Continue` interim answer.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let last = text.rfind("HTTP/1.1 ").unwrap_or(0);
        assert_eq!(parse(&bytes[last..]).status, status, "{what}: {text:?}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickled_http1_body_is_408_at_the_total_deadline() {
    let server = start(app()).await;
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    write
        .write_all(b"POST /async/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n")
        .await
        .unwrap();
    let sent = Instant::now();
    // One byte every 100 ms: never idle for the 300 ms per-read deadline.
    let trickle = tokio::spawn(async move {
        for _ in 0..60 {
            if write.write_all(b"x").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut bytes = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), read.read_to_end(&mut bytes))
        .await
        .expect("a trickled body held the connection past its total deadline")
        .unwrap();
    let took = sent.elapsed();
    assert_eq!(parse(&bytes).status, 408);
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(4),
        "{took:?}"
    );
    trickle.abort();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_http1_keep_alive_connection_is_closed() {
    let server = start(app()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let bytes = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("an idle keep-alive connection was open after 5 s (keep_alive_timeout 300 ms)");
    let reply = parse(&bytes);
    assert_eq!((reply.status, reply.text().as_str()), (200, "hello"));
    server.stop().await;
}

type H2Body = http_body_util::combinators::BoxBody<Bytes, Infallible>;

async fn h2_client(
    addr: SocketAddr,
) -> (
    hyper::client::conn::http2::SendRequest<H2Body>,
    tokio::task::JoinHandle<()>,
) {
    let io = hyper_util::rt::TokioIo::new(TcpStream::connect(addr).await.unwrap());
    let (sender, connection) =
        hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
            .await
            .unwrap();
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    });
    (sender, driver)
}

fn h2_get(path: &str) -> http::Request<H2Body> {
    http::Request::get(format!("http://127.0.0.1{path}"))
        .body(http_body_util::Empty::new().boxed())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http2_post_whose_data_never_comes_is_408() {
    let server = start(app()).await;
    let (mut sender, driver) = h2_client(server.addr).await;
    // A body that never yields: HEADERS without END_STREAM, then nothing.
    let never = http_body_util::StreamBody::new(futures_util::stream::pending::<
        Result<http_body::Frame<Bytes>, Infallible>,
    >());
    let request = http::Request::post("http://127.0.0.1/async/")
        .header("content-length", "100")
        .body(never.boxed())
        .unwrap();
    let response = tokio::time::timeout(Duration::from_secs(5), sender.send_request(request))
        .await
        .expect("no answer within 5 s to an HTTP/2 body that never came")
        .unwrap();
    assert_eq!(response.status(), 408);
    drop(sender);
    driver.abort();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_http2_connection_is_closed() {
    let server = start(app()).await;
    let (mut sender, driver) = h2_client(server.addr).await;
    let response = sender.send_request(h2_get("/")).await.unwrap();
    assert_eq!(response.status(), 200);
    response.into_body().collect().await.unwrap();
    // The client keeps its side open; the server must close an idle connection.
    tokio::time::timeout(Duration::from_secs(5), driver)
        .await
        .expect("an idle HTTP/2 connection was open after 5 s (http2_idle_timeout 300 ms)")
        .unwrap();
    assert!(sender.is_closed() || sender.ready().await.is_err());
    server.stop().await;
}

/// An HTTP/2 frame: length, type, flags, stream id, payload.
fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = payload.len() as u32;
    let mut out = len.to_be_bytes()[1..].to_vec();
    out.push(kind);
    out.push(flags);
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// Opens a raw HTTP/2 connection: the preface and an empty SETTINGS frame.
/// It never reads, so it never ACKs the server's SETTINGS or pings.
async fn raw_h2(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .await
        .unwrap();
    stream.write_all(&frame(0x4, 0, 0, &[])).await.unwrap();
    stream
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http2_header_block_that_never_ends_is_closed() {
    let server = start(app()).await;
    let mut stream = raw_h2(server.addr).await;
    // HEADERS (type 1) without END_HEADERS: :method GET, :scheme http, :path /
    // (HPACK static table 2, 6, 4); the CONTINUATION never comes.
    stream
        .write_all(&frame(0x1, 0, 1, &[0x82, 0x86, 0x84]))
        .await
        .unwrap();
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(
        closed.is_some(),
        "a half-sent HTTP/2 header block held the connection for 5 s"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_cut_off() {
    let server = start(app()).await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /big/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    // Read nothing for well past the 300 ms write deadline, then everything.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut received = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    let read_all = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received += n,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), read_all)
        .await
        .expect("the connection was still open after 20 s");
    assert!(
        received < BIG / 2,
        "the server waited for a client that read nothing ({received} bytes arrived)"
    );
    server.stop().await;
}

/// Stops `server` and returns how long it took to return.
async fn time_to_stop(mut server: Server) -> Duration {
    let asked = Instant::now();
    server.signal_stop();
    server.finished().await;
    asked.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_with_idle_clients_is_prompt() {
    // Long idle deadlines: only shutdown may close these connections.
    let server = start(
        app()
            .keep_alive_timeout(Duration::from_secs(60))
            .http2_idle_timeout(Duration::from_secs(60)),
    )
    .await;
    // A client that never ACKs the GOAWAY ping, one that does, and an idle HTTP/1.1 one.
    let _silent = raw_h2(server.addr).await;
    let (mut sender, _driver) = h2_client(server.addr).await;
    let response = sender.send_request(h2_get("/")).await.unwrap();
    assert_eq!(response.status(), 200);
    let mut h1 = TcpStream::connect(server.addr).await.unwrap();
    h1.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 12];
    h1.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    // Let the raw client's preface reach the server.
    tokio::time::sleep(Duration::from_millis(100)).await;

    let took = time_to_stop(server).await;
    assert!(
        took < Duration::from_secs(3),
        "shutdown with nothing in flight took {took:?} (shutdown_timeout 15 s)"
    );
}
