//! The real server on 127.0.0.1: what a client sees over a socket, that sync
//! views never stall async ones, and that shutdown drains in-flight requests.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{http_get as get, start};
use twain::futures::StreamExt;
use twain::prelude::*;
use twain::sse::{Event, Sse};

#[view]
fn hello() -> &'static str {
    "hello"
}

#[view]
fn explode() -> &'static str {
    panic!("boom")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_over_tcp_and_survives_a_panic() {
    let server = start(App::new().route("", hello).route("panic/", explode)).await;
    let ok = get(server.addr, "/").await;
    assert_eq!((ok.status, ok.text().as_str()), (200, "hello"));
    assert_eq!(ok.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(get(server.addr, "/panic/").await.status, 500);
    assert_eq!(get(server.addr, "/missing/").await.status, 404);
    assert_eq!(
        get(server.addr, "/").await.status,
        200,
        "still serving after the panic"
    );
    server.stop().await;
}

/// Sync requests that started, and a gate that holds them.
static STARTED: AtomicUsize = AtomicUsize::new(0);
static FINISHED: AtomicUsize = AtomicUsize::new(0);
static RELEASE: AtomicBool = AtomicBool::new(false);

#[view]
fn blocked() -> &'static str {
    STARTED.fetch_add(1, Ordering::SeqCst);
    // Blocks like real sync code (a slow query), until the test opens the gate.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !RELEASE.load(Ordering::SeqCst) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    FINISHED.fetch_add(1, Ordering::SeqCst);
    "done"
}

#[view]
async fn quick() -> String {
    FINISHED.load(Ordering::SeqCst).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_views_answer_while_every_sync_view_is_blocked() {
    const SYNC_REQUESTS: usize = 64;
    let server = start(App::new().route("blocked/", blocked).route("quick/", quick)).await;
    let addr = server.addr;
    let sync_requests: Vec<_> = (0..SYNC_REQUESTS)
        .map(|_| tokio::spawn(async move { get(addr, "/blocked/").await }))
        .collect();

    let deadline = Instant::now() + Duration::from_secs(20);
    while STARTED.load(Ordering::SeqCst) < SYNC_REQUESTS {
        assert!(Instant::now() < deadline, "sync views did not all start");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    // Every sync view now holds a sync thread and is blocked. Async views
    // must still answer, and none of the sync requests may have finished.
    let mut latencies = Vec::new();
    for _ in 0..20 {
        let sent = Instant::now();
        let reply = get(addr, "/quick/").await;
        latencies.push(sent.elapsed());
        assert_eq!((reply.status, reply.text().as_str()), (200, "0"));
    }
    assert_eq!(FINISHED.load(Ordering::SeqCst), 0);
    latencies.sort();
    eprintln!(
        "async view latency with {SYNC_REQUESTS} blocked sync views: median {:?}, max {:?}",
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1]
    );

    RELEASE.store(true, Ordering::SeqCst);
    for request in sync_requests {
        let reply = request.await.unwrap();
        assert_eq!((reply.status, reply.text().as_str()), (200, "done"));
    }
    assert_eq!(FINISHED.load(Ordering::SeqCst), SYNC_REQUESTS);
    server.stop().await;
}

#[view]
fn slow_sync() -> &'static str {
    std::thread::sleep(Duration::from_millis(300));
    "finished"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_in_flight_requests_and_refuses_new_ones() {
    let server = start(App::new().route("slow/", slow_sync)).await;
    let addr = server.addr;
    let in_flight: Vec<_> = (0..8)
        .map(|_| tokio::spawn(async move { get(addr, "/slow/").await }))
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.stop().await;
    for request in in_flight {
        let reply = request.await.unwrap();
        assert_eq!((reply.status, reply.text().as_str()), (200, "finished"));
    }
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "a stopped server must refuse connections"
    );
}

/// A load balancer connects, then sends its request: connections made just
/// before shutdown, their request not sent yet, still get it answered (then the connection
/// closes) instead of being reset with the request unread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_still_answers_a_request_sent_on_a_connection_made_just_before() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut server = start(App::new().route("hello/", hello)).await;
    let mut streams = Vec::new();
    for _ in 0..16 {
        streams.push(tokio::net::TcpStream::connect(server.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    server.signal_stop();
    tokio::time::sleep(Duration::from_millis(50)).await;
    for stream in &mut streams {
        stream
            .write_all(b"GET /hello/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
    }
    for mut stream in streams {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
            .await
            .expect("the connection closes within 5 s");
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            read.is_ok() && answer.starts_with("HTTP/1.1 200") && answer.ends_with("hello"),
            "{read:?}: {answer:?}"
        );
    }
    server.finished().await;
}

#[view]
async fn live_feed() -> impl IntoResponse {
    // One event, then a stream that never ends by itself: a live feed.
    let first = twain::futures::stream::once(async { Event::default().data("hello") });
    Sse::new(first.chain(twain::futures::stream::pending())).no_keep_alive()
}

/// An open live feed must not hold a draining server until its shutdown
/// timeout (30 s by default): the stream ends cleanly when shutdown starts,
/// and the browser's `EventSource` reconnects elsewhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_open_event_streams_instead_of_waiting_for_them() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = start(App::new().route("feed/", live_feed)).await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"GET /feed/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("data: hello") {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .expect("the first event within 5 s")
            .unwrap();
        assert!(n > 0, "closed before the first event");
        seen.extend_from_slice(&buf[..n]);
    }
    let started = std::time::Instant::now();
    server.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "shutdown waited {:?} for an open event stream",
        started.elapsed()
    );
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        let mut rest = Vec::new();
        stream.read_to_end(&mut rest).await.map(|_| rest)
    })
    .await
    .expect("the connection closes")
    .unwrap();
    assert!(
        String::from_utf8_lossy(&rest).ends_with("0\r\n\r\n"),
        "the stream ends with its last chunk, not a cut: {:?}",
        String::from_utf8_lossy(&rest)
    );
}
