//! The server under load, over a real socket: 500 concurrent connections, a
//! slowloris client and a saturated sync pool at once (async views keep
//! answering, sync requests get 503 + Retry-After past the wait, slow clients
//! are cut off, nothing crashes); and shutdown during 50 in-flight requests
//! (all 50 complete, new connections are refused).

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twain::prelude::*;

static GATE: AtomicBool = AtomicBool::new(false);

/// Holds its sync thread until the gate opens (at most 10 s).
#[view]
fn slow() -> &'static str {
    for _ in 0..1000 {
        if GATE.load(Ordering::SeqCst) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    "slow done"
}

#[view]
fn quick() -> &'static str {
    "quick"
}

#[view]
async fn fast() -> &'static str {
    "fast"
}

/// Reads until the server closes the connection; how long that took, or
/// `None` if it stayed open for 10 s.
async fn closed_after(mut reader: tokio::net::tcp::OwnedReadHalf) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), reader.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
            Err(_) => return None,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_views_answer_while_slow_clients_and_a_full_pool_are_handled() {
    let _serial = serial().await;
    let server = start(
        App::new()
            .sync_threads(2)
            .sync_wait(Duration::from_millis(300))
            .header_read_timeout(Duration::from_secs(2))
            .route("slow/", slow)
            .route("quick/", quick)
            .route("fast/", fast),
    )
    .await;
    let addr = server.addr;
    GATE.store(false, Ordering::SeqCst);

    // Saturate the sync pool.
    let slow_requests: Vec<_> = (0..2)
        .map(|_| tokio::spawn(http_get(addr, "/slow/")))
        .collect();
    assert!(
        eventually(Duration::from_secs(5), || twain::stats::sync_jobs_running()
            == 2)
        .await
    );

    // Slowloris: one client sends nothing, one trickles its head a byte at a time.
    let silent = TcpStream::connect(addr).await.unwrap();
    let (silent_reader, _silent_writer) = silent.into_split();
    let silent = tokio::spawn(closed_after(silent_reader));
    let trickler = TcpStream::connect(addr).await.unwrap();
    let (trickle_reader, mut trickle_writer) = trickler.into_split();
    let trickle = tokio::spawn(async move {
        let head = b"GET /fast/ HTTP/1.1\r\nHost: test\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for byte in head.iter().take(100) {
            if trickle_writer.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let trickled = tokio::spawn(closed_after(trickle_reader));

    // 500 concurrent connections to an async view, all answered.
    let many: Vec<_> = (0..500)
        .map(|_| tokio::spawn(http_get(addr, "/fast/")))
        .collect();
    // Sync requests past the wait: 503 with Retry-After.
    let refused: Vec<_> = (0..5)
        .map(|_| tokio::spawn(http_get(addr, "/quick/")))
        .collect();

    let mut answered = 0;
    for reply in many {
        let reply = reply.await.unwrap();
        assert_eq!((reply.status, reply.text().as_str()), (200, "fast"));
        answered += 1;
    }
    assert_eq!(answered, 500);
    for reply in refused {
        let reply = reply.await.unwrap();
        assert_eq!(reply.status, 503, "{}", reply.text());
        assert_eq!(reply.header("retry-after"), Some("1"));
        assert!(
            reply.text().contains("all sync threads are busy"),
            "{}",
            reply.text()
        );
    }

    let silent = silent
        .await
        .unwrap()
        .expect("a silent connection was kept open");
    let trickled = trickled
        .await
        .unwrap()
        .expect("a trickling connection was kept open");
    trickle.abort();
    eprintln!("silent client cut after {silent:?}, trickling client after {trickled:?}");
    assert!(
        silent >= Duration::from_millis(1900),
        "cut before the timeout: {silent:?}"
    );
    assert!(
        trickled >= Duration::from_millis(1900),
        "cut before the timeout: {trickled:?}"
    );

    // Release the pool: the slow requests finish and sync views answer again.
    GATE.store(true, Ordering::SeqCst);
    for reply in slow_requests {
        let reply = reply.await.unwrap();
        assert_eq!((reply.status, reply.text().as_str()), (200, "slow done"));
    }
    let again = http_get(addr, "/quick/").await;
    assert_eq!((again.status, again.text().as_str()), (200, "quick"));
    assert!(
        eventually(Duration::from_secs(5), || twain::stats::sync_jobs_running()
            == 0)
        .await
    );
    server.stop().await;
}

static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static RELEASE: AtomicBool = AtomicBool::new(false);

#[view]
fn sync_work() -> &'static str {
    IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
    for _ in 0..1000 {
        if RELEASE.load(Ordering::SeqCst) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    "sync ok"
}

#[view]
async fn async_work() -> &'static str {
    IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
    for _ in 0..1000 {
        if RELEASE.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    "async ok"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_50_in_flight_requests_and_refuses_new_ones() {
    let _serial = serial().await;
    let mut server = start(
        App::new()
            .sync_threads(32)
            .shutdown_timeout(Duration::from_secs(15))
            .route("sync/", sync_work)
            .route("async/", async_work),
    )
    .await;
    let addr = server.addr;
    let requests: Vec<_> = (0..50)
        .map(|i| {
            let path = if i % 2 == 0 { "/sync/" } else { "/async/" };
            tokio::spawn(http_get(addr, path))
        })
        .collect();
    let all_in = eventually(Duration::from_secs(10), || {
        IN_FLIGHT.load(Ordering::SeqCst) == 50
    })
    .await;
    assert!(
        all_in,
        "only {} requests in flight",
        IN_FLIGHT.load(Ordering::SeqCst)
    );

    let stopping = Instant::now();
    server.signal_stop();
    let refused = eventually(Duration::from_secs(5), || {
        std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err()
    })
    .await;
    assert!(
        refused,
        "new connections are still accepted after shutdown began"
    );

    RELEASE.store(true, Ordering::SeqCst);
    let mut completed = 0;
    for (i, request) in requests.into_iter().enumerate() {
        let reply = request.await.unwrap();
        let expected = if i % 2 == 0 { "sync ok" } else { "async ok" };
        assert_eq!((reply.status, reply.text().as_str()), (200, expected));
        completed += 1;
    }
    assert_eq!(completed, 50);
    server.finished().await;
    let took = stopping.elapsed();
    eprintln!("shutdown with 50 in flight took {took:?}");
    assert!(
        took < Duration::from_secs(14),
        "the drain hit the shutdown timeout: {took:?}"
    );
}

static STUCK_STARTED: AtomicUsize = AtomicUsize::new(0);
static STUCK_DROPPED: AtomicUsize = AtomicUsize::new(0);
static STUCK_SYNC_SAW_GONE: AtomicBool = AtomicBool::new(false);

struct CountStuckDrop;

impl Drop for CountStuckDrop {
    fn drop(&mut self) {
        STUCK_DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

#[view]
async fn stuck_async() -> &'static str {
    let guard = CountStuckDrop;
    STUCK_STARTED.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(30)).await;
    std::mem::forget(guard);
    "late"
}

#[view]
fn stuck_sync(req: &Request) -> &'static str {
    STUCK_STARTED.fetch_add(1, Ordering::SeqCst);
    for _ in 0..1000 {
        if req.is_disconnected() {
            STUCK_SYNC_SAW_GONE.store(true, Ordering::SeqCst);
            return "gone";
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    "late"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_what_is_still_running_at_the_drain_timeout() {
    let _serial = serial().await;
    let mut server = start(
        App::new()
            .shutdown_timeout(Duration::from_millis(500))
            .route("async/", stuck_async)
            .route("sync/", stuck_sync),
    )
    .await;
    let addr = server.addr;
    let raw_reply = |path: &'static str| async move {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(&raw("GET", path, &[], b"")).await.unwrap();
        let mut bytes = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut bytes)).await;
        bytes
    };
    let clients = [
        tokio::spawn(raw_reply("/async/")),
        tokio::spawn(raw_reply("/sync/")),
    ];
    assert!(
        eventually(Duration::from_secs(5), || STUCK_STARTED
            .load(Ordering::SeqCst)
            == 2)
        .await
    );

    let stopping = Instant::now();
    server.signal_stop();
    server.finished().await;
    let took = stopping.elapsed();
    eprintln!("shutdown with 2 stuck requests took {took:?}");
    assert!(
        took >= Duration::from_millis(400),
        "did not wait for the drain: {took:?}"
    );
    assert!(
        took < Duration::from_secs(10),
        "the drain was not bounded: {took:?}"
    );
    for client in clients {
        let bytes = client.await.unwrap();
        assert!(
            bytes.is_empty(),
            "got a response: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
    let cancelled = eventually(Duration::from_secs(5), || {
        STUCK_DROPPED.load(Ordering::SeqCst) == 1
    })
    .await;
    assert!(cancelled, "the async view was not cancelled");
    let saw = eventually(Duration::from_secs(5), || {
        STUCK_SYNC_SAW_GONE.load(Ordering::SeqCst)
    })
    .await;
    assert!(saw, "the sync view was not told its request was dropped");
    assert!(
        eventually(Duration::from_secs(5), || twain::stats::sync_jobs_running()
            == 0)
        .await
    );
}
