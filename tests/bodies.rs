//! Bodies, limits and disconnects over a real socket on 127.0.0.1, each test
//! asserting what a client sees: 413s and 4xx reasons, files, streams and
//! iterators, and that a client going away mid-upload or mid-stream leaves no
//! sync job, task or temp file behind.

mod common;

use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twain::prelude::*;
use twain::{BodyStream, ByteStream, Chunks, FileResponse, SpooledBody, Text};

const KIB: usize = 1024;

static SYNC_VIEW_RAN: AtomicUsize = AtomicUsize::new(0);

#[view]
fn sync_upload(mut body: SpooledBody) -> Result<String, Error> {
    SYNC_VIEW_RAN.fetch_add(1, Ordering::SeqCst);
    let mut n = 0;
    let mut buf = [0u8; 8192];
    loop {
        match body.read(&mut buf)? {
            0 => return Ok(n.to_string()),
            read => n += read,
        }
    }
}

#[view]
async fn async_upload(mut body: BodyStream) -> Result<String, Error> {
    let mut n = 0;
    while let Some(chunk) = body.next().await {
        n += chunk?.len();
    }
    Ok(n.to_string())
}

#[derive(Deserialize)]
struct Article {
    title: String,
    year: u32,
}

#[view]
fn sync_json(article: Json<Article>) -> String {
    format!("{} ({})", article.0.title, article.0.year)
}

#[view]
async fn async_json(article: Json<Article>) -> String {
    format!("{} ({})", article.0.title, article.0.year)
}

#[view]
fn sync_form(article: Form<Article>) -> String {
    format!("{} ({})", article.0.title, article.0.year)
}

#[derive(Deserialize)]
struct Search {
    page: u32,
}

#[view]
async fn search(query: Query<Search>) -> String {
    format!("page {}", query.0.page)
}

#[view]
fn sync_text(body: Text) -> String {
    body.to_uppercase()
}

#[view]
fn sync_takes_nothing() -> &'static str {
    "took nothing"
}

#[view(inline)]
fn inline_takes_nothing() -> &'static str {
    "took nothing"
}

#[view]
async fn async_takes_nothing() -> &'static str {
    "took nothing"
}

fn body_app(max: usize, spool_dir: &std::path::Path) -> App {
    App::new()
        .max_body_size(max)
        .spool_memory_limit(16 * KIB)
        .spool_dir(spool_dir)
        .route("sync/", sync_upload)
        .route("async/", async_upload)
        .route("sync/json/", sync_json)
        .route("async/json/", async_json)
        .route("sync/form/", sync_form)
        .route("search/", search)
        .route("sync/text/", sync_text)
        .route("sync/nothing/", sync_takes_nothing)
        .route("inline/nothing/", inline_takes_nothing)
        .route("async/nothing/", async_takes_nothing)
}

/// Sends a chunked body of `total` bytes without its final 0-chunk, then reads
/// the answer: the server must answer once the limit is passed.
async fn chunked_without_end(addr: std::net::SocketAddr, path: &str, total: usize) -> Reply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b'x'; 16 * KIB];
    let mut sent = 0;
    while sent < total {
        let n = chunk.len().min(total - sent);
        stream
            .write_all(format!("{n:x}\r\n").as_bytes())
            .await
            .unwrap();
        stream.write_all(&chunk[..n]).await.unwrap();
        stream.write_all(b"\r\n").await.unwrap();
        sent += n;
    }
    read_reply(&mut stream).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_without_reading_the_rest() {
    let _serial = serial().await;
    let dir = tempfile::tempdir().unwrap();
    let limit = 256 * KIB;
    let server = start(body_app(limit, dir.path())).await;
    let ran = SYNC_VIEW_RAN.load(Ordering::SeqCst);

    // Content-Length over the limit, and not one body byte sent: 413 at once.
    for path in ["/sync/", "/async/", "/sync/json/", "/async/json/"] {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            limit + 1
        );
        let reply = send(server.addr, request.as_bytes()).await;
        assert_eq!(reply.status, 413, "{path}: {}", reply.text());
        assert!(
            reply
                .text()
                .contains("larger than the limit of 262144 bytes"),
            "{path}: {}",
            reply.text()
        );
    }
    // No Content-Length: 413 as the stream passes the limit.
    for path in ["/sync/", "/async/"] {
        let reply = chunked_without_end(server.addr, path, limit + 1).await;
        assert_eq!(reply.status, 413, "{path}: {}", reply.text());
        assert!(
            reply.text().contains("larger than the limit"),
            "{}",
            reply.text()
        );
    }
    assert_eq!(
        SYNC_VIEW_RAN.load(Ordering::SeqCst),
        ran,
        "a sync view ran on an oversized body"
    );
    // At the limit, both views take it (the sync one from the temp file).
    for path in ["/sync/", "/async/"] {
        let body = vec![b'y'; limit];
        let reply = http_post(server.addr, path, "application/octet-stream", &body).await;
        assert_eq!(
            (reply.status, reply.text()),
            (200, limit.to_string()),
            "{path}"
        );
    }
    assert!(eventually(Duration::from_secs(5), || open_files_in(dir.path()) == 0).await);
    server.stop().await;
}

/// A view that takes no arguments never reads the body, so nothing waits
/// for it or holds it to a limit: the request goes before the view runs
/// (Django reads a body only when the view asks for it; so do axum's
/// extractors).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_that_takes_nothing_answers_without_the_body() {
    let _serial = serial().await;
    let dir = tempfile::tempdir().unwrap();
    let limit = 256 * KIB;
    let server = start(body_app(limit, dir.path())).await;
    for path in ["/sync/nothing/", "/inline/nothing/", "/async/nothing/"] {
        // A body that never ends (its first chunk, in one write with the
        // head): the answer comes at once, not at the body's deadline.
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n{}\r\n",
            "x".repeat(KIB)
        );
        let reply = tokio::time::timeout(
            Duration::from_secs(5),
            send(server.addr, request.as_bytes()),
        )
        .await
        .unwrap_or_else(|_| panic!("{path}: the view waited for the body"));
        assert_eq!(
            (reply.status, reply.text()),
            (200, "took nothing".into()),
            "{path}"
        );
        // A Content-Length over the limit is no 413: nothing is read.
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            limit + 1
        );
        let reply = send(server.addr, request.as_bytes()).await;
        assert_eq!(
            (reply.status, reply.text()),
            (200, "took nothing".into()),
            "{path}"
        );
    }
    assert_eq!(open_files_in(dir.path()), 0, "a body was spooled");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_and_queries_get_4xx_with_the_reason() {
    let _serial = serial().await;
    let dir = tempfile::tempdir().unwrap();
    let server = start(body_app(1024 * KIB, dir.path())).await;
    let addr = server.addr;
    let json = "application/json";

    for path in ["/sync/json/", "/async/json/"] {
        let ok = http_post(addr, path, json, br#"{"title":"Rust","year":2024}"#).await;
        assert_eq!(
            (ok.status, ok.text().as_str()),
            (200, "Rust (2024)"),
            "{path}"
        );

        let syntax = http_post(addr, path, json, br#"{"title": "Rust", "year": "#).await;
        assert_eq!(syntax.status, 400, "{path}");
        assert!(
            syntax
                .text()
                .contains("invalid JSON body: EOF while parsing"),
            "{}",
            syntax.text()
        );

        let data = http_post(addr, path, json, br#"{"title":"Rust","year":"soon"}"#).await;
        assert_eq!(data.status, 422, "{path}");
        assert!(
            data.text()
                .contains("invalid type: string \"soon\", expected u32"),
            "{}",
            data.text()
        );

        let media = http_post(addr, path, "text/plain", b"{}").await;
        assert_eq!(media.status, 415, "{path}");
        assert!(
            media
                .text()
                .contains("expected a `Content-Type: application/json` body"),
            "{}",
            media.text()
        );
    }

    // A JSON body past the spool's memory limit is read back from the temp file.
    let padding = "x".repeat(64 * KIB);
    let large = format!(r#"{{"title":"{padding}","year":1}}"#);
    let reply = http_post(addr, "/sync/json/", json, large.as_bytes()).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text().len(), padding.len() + " (1)".len());

    let form = "application/x-www-form-urlencoded";
    let ok = http_post(addr, "/sync/form/", form, b"title=Rust&year=2024").await;
    assert_eq!((ok.status, ok.text().as_str()), (200, "Rust (2024)"));
    let missing = http_post(addr, "/sync/form/", form, b"title=Rust").await;
    assert_eq!(missing.status, 422);
    assert!(
        missing
            .text()
            .contains("invalid form body: missing field `year`"),
        "{}",
        missing.text()
    );
    let bad = http_post(addr, "/sync/form/", form, b"title=Rust&year=%FF%FE").await;
    assert_eq!(bad.status, 422, "{}", bad.text());
    assert!(bad.text().contains("invalid form body"), "{}", bad.text());

    let ok = http_get(addr, "/search/?page=3").await;
    assert_eq!((ok.status, ok.text().as_str()), (200, "page 3"));
    let bad = http_get(addr, "/search/?page=three").await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.text()
            .contains("invalid query string: invalid digit found in string"),
        "{}",
        bad.text()
    );
    let missing = http_get(addr, "/search/").await;
    assert_eq!(missing.status, 400);
    assert!(
        missing.text().contains("missing field `page`"),
        "{}",
        missing.text()
    );

    let text = http_post(addr, "/sync/text/", "text/plain", b"hi").await;
    assert_eq!((text.status, text.text().as_str()), (200, "HI"));
    let binary = http_post(addr, "/sync/text/", "text/plain", &[b'o', b'k', 0xff]).await;
    assert_eq!(binary.status, 400);
    assert!(
        binary
            .text()
            .contains("not UTF-8 text: invalid utf-8 sequence of 1 bytes from index 2"),
        "{}",
        binary.text()
    );

    // The server is still fine.
    assert_eq!(http_get(addr, "/search/?page=1").await.status, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_gone_mid_upload_runs_no_view_and_leaves_nothing() {
    let _serial = serial().await;
    capture_logs();
    let dir = tempfile::tempdir().unwrap();
    let server = start(body_app(64 * 1024 * KIB, dir.path())).await;
    let metrics = tokio::runtime::Handle::current().metrics();
    let tasks_before = metrics.num_alive_tasks();
    let ran = SYNC_VIEW_RAN.load(Ordering::SeqCst);

    for round in 0..3 {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        let head = "POST /sync/ HTTP/1.1\r\nHost: test\r\nContent-Length: 8388608\r\n\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b'z'; 64 * KIB];
        for _ in 0..(2 * 1024 / 64) {
            stream.write_all(&chunk).await.unwrap();
        }
        // The spool went to disk: its file is open while the upload goes on.
        let spooling = eventually(Duration::from_secs(10), || open_files_in(dir.path()) == 1).await;
        assert!(spooling, "round {round}: no spool file while uploading");
        drop(stream);

        let cleaned = eventually(Duration::from_secs(10), || {
            open_files_in(dir.path()) == 0
                && twain::stats::spooled_bodies() == 0
                && twain::stats::sync_jobs_running() == 0
                && metrics.num_alive_tasks() <= tasks_before
        })
        .await;
        assert!(
            cleaned,
            "round {round}: left behind: {} spool files, {} spooled bodies, {} sync jobs, {} tasks (was {tasks_before})",
            open_files_in(dir.path()),
            twain::stats::spooled_bodies(),
            twain::stats::sync_jobs_running(),
            metrics.num_alive_tasks()
        );
        assert_eq!(entries_in(dir.path()), 0);
    }
    assert_eq!(
        SYNC_VIEW_RAN.load(Ordering::SeqCst),
        ran,
        "the view ran on a partial body"
    );
    assert!(
        captured_logs().contains("client gone mid-body; the view will not run"),
        "no debug line says the client went away"
    );
    server.stop().await;
}

/// Counts how many producers are alive; each one bumps DROPPED when dropped.
static DROPPED: AtomicUsize = AtomicUsize::new(0);

struct Endless(Vec<u8>);

impl Iterator for Endless {
    type Item = Vec<u8>;
    fn next(&mut self) -> Option<Vec<u8>> {
        Some(self.0.clone())
    }
}

impl Drop for Endless {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

#[view]
fn endless_iter() -> Chunks<Endless> {
    Chunks(Endless(vec![b'i'; 16 * KIB]))
}

#[view]
async fn endless_stream()
-> ByteStream<impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send> {
    let guard = Endless(vec![b's'; 16 * KIB]);
    ByteStream(futures_util::stream::unfold(guard, |guard| async move {
        tokio::task::yield_now().await;
        Some((Ok(guard.0.clone()), guard))
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_gone_mid_stream_drops_the_iterator_and_the_stream() {
    let _serial = serial().await;
    let server = start(
        App::new()
            .route("iter/", endless_iter)
            .route("stream/", endless_stream),
    )
    .await;
    let metrics = tokio::runtime::Handle::current().metrics();
    let tasks_before = metrics.num_alive_tasks();
    for path in ["/iter/", "/stream/"] {
        let dropped = DROPPED.load(Ordering::SeqCst);
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(&raw("GET", path, &[], b"")).await.unwrap();
        let mut got = vec![0u8; 256 * KIB];
        let mut read = 0;
        while read < got.len() {
            let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut got[read..]))
                .await
                .expect("the stream stalled")
                .unwrap();
            assert!(n > 0, "{path}: the server closed an endless stream");
            read += n;
        }
        assert!(got.starts_with(b"HTTP/1.1 200 OK"), "{path}");
        drop(stream);
        let stopped = eventually(Duration::from_secs(10), || {
            DROPPED.load(Ordering::SeqCst) > dropped
                && twain::stats::sync_jobs_running() == 0
                && metrics.num_alive_tasks() <= tasks_before
        })
        .await;
        assert!(
            stopped,
            "{path}: producer not dropped ({} drops, {} sync jobs, {} tasks, was {tasks_before})",
            DROPPED.load(Ordering::SeqCst) - dropped,
            twain::stats::sync_jobs_running(),
            metrics.num_alive_tasks()
        );
    }
    server.stop().await;
}

static ASYNC_STARTED: AtomicUsize = AtomicUsize::new(0);
static ASYNC_CANCELLED: AtomicUsize = AtomicUsize::new(0);
static SYNC_STARTED: AtomicUsize = AtomicUsize::new(0);
static SYNC_SAW_DISCONNECT: AtomicUsize = AtomicUsize::new(0);

/// Counts, in its counter, the futures dropped before they finished (a
/// finished one forgets its guard).
struct CountsDrop(&'static AtomicUsize);

impl Drop for CountsDrop {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[view]
async fn hangs() -> &'static str {
    let _guard = CountsDrop(&ASYNC_CANCELLED);
    ASYNC_STARTED.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(30)).await;
    std::mem::forget(_guard);
    "late"
}

#[view]
fn polls_for_disconnect(req: &Request) -> &'static str {
    SYNC_STARTED.fetch_add(1, Ordering::SeqCst);
    for _ in 0..1000 {
        if req.is_disconnected() {
            SYNC_SAW_DISCONNECT.fetch_add(1, Ordering::SeqCst);
            return "gone";
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    "still here"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gone_client_cancels_async_views_and_flags_sync_views() {
    let _serial = serial().await;
    let server = start(
        App::new()
            .route("hangs/", hangs)
            .route("polls/", polls_for_disconnect),
    )
    .await;

    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(&raw("GET", "/hangs/", &[], b""))
        .await
        .unwrap();
    assert!(
        eventually(Duration::from_secs(5), || ASYNC_STARTED
            .load(Ordering::SeqCst)
            == 1)
        .await
    );
    drop(stream);
    let cancelled = eventually(Duration::from_secs(5), || {
        ASYNC_CANCELLED.load(Ordering::SeqCst) == 1
    })
    .await;
    assert!(
        cancelled,
        "the async view's future was not dropped when its client left"
    );

    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(&raw("POST", "/polls/", &[], b"some body"))
        .await
        .unwrap();
    assert!(
        eventually(Duration::from_secs(5), || SYNC_STARTED
            .load(Ordering::SeqCst)
            == 1)
        .await
    );
    drop(stream);
    let seen = eventually(Duration::from_secs(5), || {
        SYNC_SAW_DISCONNECT.load(Ordering::SeqCst) == 1
    })
    .await;
    assert!(seen, "the sync view never saw is_disconnected()");

    // A client that only half-closes (still reading) is taken as gone too.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(&raw("GET", "/hangs/", &[], b""))
        .await
        .unwrap();
    assert!(
        eventually(Duration::from_secs(5), || ASYNC_STARTED
            .load(Ordering::SeqCst)
            == 2)
        .await
    );
    stream.shutdown().await.unwrap();
    let cancelled = eventually(Duration::from_secs(5), || {
        ASYNC_CANCELLED.load(Ordering::SeqCst) == 2
    })
    .await;
    assert!(cancelled, "a half-closed client did not cancel the view");
    drop(stream);
    assert!(
        eventually(Duration::from_secs(5), || twain::stats::sync_jobs_running()
            == 0)
        .await
    );
    server.stop().await;
}

static FILE_PATH: OnceLock<PathBuf> = OnceLock::new();

#[view]
fn sync_file() -> Result<FileResponse, Error> {
    FileResponse::open_sync(FILE_PATH.get().unwrap())
}

#[view]
async fn async_file() -> Result<FileResponse, Error> {
    FileResponse::open(FILE_PATH.get().unwrap()).await
}

#[view]
async fn missing_file() -> Result<FileResponse, Error> {
    FileResponse::open("/nonexistent/twain/file.txt").await
}

#[view]
fn numbers() -> Chunks<impl Iterator<Item = String> + Send> {
    Chunks((0..1000).map(|n| format!("{n}\n")))
}

#[view]
async fn letters()
-> ByteStream<impl futures_util::Stream<Item = Result<&'static str, std::io::Error>> + Send> {
    ByteStream(futures_util::stream::iter(["a", "b", "c"].map(Ok)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_streams_and_iterators_reach_the_client() {
    let _serial = serial().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.json");
    let content: Vec<u8> = (0..(1024 * KIB)).map(|i| b'0' + (i % 10) as u8).collect();
    std::fs::write(&path, &content).unwrap();
    FILE_PATH.set(path).unwrap();
    let server = start(
        App::new()
            .route("sync/file/", sync_file)
            .route("async/file/", async_file)
            .route("missing/", missing_file)
            .route("numbers/", numbers)
            .route("letters/", letters),
    )
    .await;
    for path in ["/sync/file/", "/async/file/"] {
        let reply = http_get(server.addr, path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-length"), Some("1048576"), "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/json"),
            "{path}"
        );
        assert!(reply.body == content, "{path}: the file arrived altered");
    }
    let missing = http_get(server.addr, "/missing/").await;
    assert_eq!(missing.status, 404);
    // The server's path is logged, never shown to the client.
    assert!(!missing.text().contains("/nonexistent/twain/file.txt"));

    let listed = http_get(server.addr, "/numbers/").await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.header("transfer-encoding"), Some("chunked"));
    let expected: String = (0..1000).map(|n| format!("{n}\n")).collect();
    assert_eq!(listed.text(), expected);

    let abc = http_get(server.addr, "/letters/").await;
    assert_eq!((abc.status, abc.text().as_str()), (200, "abc"));
    server.stop().await;
}

static SIGNAL: AtomicBool = AtomicBool::new(false);

#[view]
async fn reads_async(body: BodyStream) -> Result<String, Error> {
    let mut reader = body.into_async_read();
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .await
        .map_err(|err| Error::bad_request(err.to_string()))?;
    SIGNAL.store(true, Ordering::SeqCst);
    Ok(text.chars().rev().collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_views_read_the_body_as_async_read() {
    let _serial = serial().await;
    let server = start(App::new().route("rev/", reads_async)).await;
    let reply = http_post(server.addr, "/rev/", "text/plain", b"stressed").await;
    assert_eq!((reply.status, reply.text().as_str()), (200, "desserts"));
    assert!(SIGNAL.load(Ordering::SeqCst));
    server.stop().await;
}

static H2_STARTED: AtomicUsize = AtomicUsize::new(0);
static H2_CANCELLED: AtomicUsize = AtomicUsize::new(0);

#[view]
async fn hangs_h2() -> &'static str {
    let guard = CountsDrop(&H2_CANCELLED);
    H2_STARTED.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(30)).await;
    std::mem::forget(guard);
    "late"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http2_stream_reset_cancels_the_async_view_and_the_connection_lives_on() {
    let _serial = serial().await;
    let server = start(
        App::new()
            .route("hangs/", hangs_h2)
            .route("search/", search),
    )
    .await;
    let io = hyper_util::rt::TokioIo::new(TcpStream::connect(server.addr).await.unwrap());
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
            .await
            .unwrap();
    let driver = tokio::spawn(connection);
    let request = |path: &str| {
        http::Request::get(format!("http://test{path}"))
            .body(http_body_util::Empty::<bytes::Bytes>::new())
            .unwrap()
    };

    // Dropping the response future resets the stream (RST_STREAM).
    let pending = sender.send_request(request("/hangs/"));
    let pending = tokio::spawn(pending);
    assert!(
        eventually(Duration::from_secs(5), || H2_STARTED.load(Ordering::SeqCst)
            == 1)
        .await
    );
    pending.abort();
    let cancelled = eventually(Duration::from_secs(5), || {
        H2_CANCELLED.load(Ordering::SeqCst) == 1
    })
    .await;
    assert!(
        cancelled,
        "the async view was not cancelled by the stream reset"
    );

    // The same connection still answers.
    let response = sender
        .send_request(request("/search/?page=2"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    drop(sender);
    driver.abort();
    server.stop().await;
}
