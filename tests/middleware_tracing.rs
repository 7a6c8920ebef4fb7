//! What `tracing` sees through middleware: the span a middleware opens is the
//! current span on the sync thread of the view, and `access_log` writes one
//! line per request. Its own test binary, because it installs a global
//! subscriber (sync threads do not see a test's thread-local one).

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use tracing::Instrument;
use twain::middleware::{access_log, request_id};
use twain::prelude::*;
use twain::test::AsyncClient;

static CAPTURED: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Capture;

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURED.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber once for the whole binary.
fn capture() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(|| Capture)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
    });
}

fn captured_lines_with(needle: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(&CAPTURED.lock().unwrap()).into_owned();
    text.lines()
        .filter(|line| line.contains(needle))
        .map(str::to_owned)
        .collect()
}

#[middleware]
async fn open_span(req: Request, next: Next) -> Response {
    let span = tracing::info_span!("outer_mw", marker = "span-test");
    next.run(req).instrument(span).await
}

#[view]
fn span_seen() -> String {
    tracing::info!(
        on_sync_thread = twain::on_sync_thread(),
        "inside the sync view"
    );
    let current = tracing::Span::current();
    current.metadata().map_or("none", |m| m.name()).to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_middleware_span_is_current_on_the_sync_thread() {
    capture();
    let client = AsyncClient::new(App::new().middleware(open_span).route("span/", span_seen));
    let response = client.get("/span/").await;
    assert_eq!(response.text(), "outer_mw");
    assert_eq!(client.switches(), 1);
    let lines = captured_lines_with("inside the sync view");
    assert!(
        lines.iter().any(|l| l.contains("outer_mw")
            && l.contains("on_sync_thread=true")
            && l.contains("path=/span/")),
        "the view's event carries the request and middleware spans: {lines:#?}"
    );
}

#[view]
async fn hello() -> &'static str {
    "hello"
}

#[tokio::test]
async fn access_log_writes_one_line_per_request() {
    capture();
    let client = AsyncClient::new(
        App::new()
            .middleware(request_id)
            .middleware(access_log)
            .route("hello/", hello),
    );
    let request = twain::http::Request::get("/hello/")
        .header("x-request-id", "rid-access-test")
        .body(twain::Body::empty())
        .unwrap();
    assert_eq!(client.request(request).await.status(), 200);
    let lines = captured_lines_with("rid-access-test");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let line = &lines[0];
    for field in [
        "twain::access",
        "method=GET",
        "path=/hello/",
        "status=200",
        "latency_ms=",
        "request_id=rid-access-test",
    ] {
        assert_eq!(
            line.matches(field).count(),
            1,
            "`{field}` not exactly once in: {line}"
        );
    }
    // Milliseconds with three decimals, not fifteen digits.
    let latency = line.split("latency_ms=").nth(1).unwrap();
    let latency = latency.split_whitespace().next().unwrap();
    let (_, decimals) = latency.split_once('.').expect("a decimal point");
    assert_eq!(decimals.len(), 3, "{line}");
}

#[view]
fn article(year: u32) -> String {
    year.to_string()
}

#[tokio::test]
async fn every_request_logs_one_info_line_with_its_route_status_and_latency() {
    capture();
    let client = AsyncClient::new(App::new().route("articles/<int:year>/", article));
    assert_eq!(client.get("/articles/1999/").await.status(), 200);
    assert_eq!(client.get("/nowhere/1999/").await.status(), 404);
    let lines = captured_lines_with("twain::request: finished");
    let line = lines
        .iter()
        .find(|l| l.contains("path=/articles/1999/"))
        .unwrap_or_else(|| panic!("no finished line: {lines:#?}"));
    for field in [
        " INFO ",
        "method=GET",
        "route=/articles/<int:year>/",
        "status=200",
        "latency_ms=",
    ] {
        assert_eq!(line.matches(field).count(), 1, "`{field}` in: {line}");
    }
    let missing = lines
        .iter()
        .find(|l| l.contains("path=/nowhere/1999/"))
        .unwrap_or_else(|| panic!("no finished line for the 404: {lines:#?}"));
    assert!(
        missing.contains("status=404") && !missing.contains("route="),
        "{missing}"
    );
}

#[test]
fn the_chain_is_adapted_once_at_build_with_a_debug_line_per_adaptation() {
    capture();
    #[middleware]
    fn sync_probe(req: Request, next: SyncNext) -> Response {
        next.run(req)
    }
    #[middleware]
    async fn async_probe(req: Request, next: Next) -> Response {
        next.run(req).await
    }
    #[view]
    async fn probed() -> &'static str {
        "probed"
    }
    let app = App::new()
        .middleware(sync_probe)
        .middleware(async_probe)
        .route("", probed);
    let client = twain::test::Client::new(app);
    let switch = captured_lines_with("middleware `sync_probe` (sync) adapted for view `probed`");
    let block_on =
        captured_lines_with("middleware `async_probe` (async) adapted for view `probed`");
    assert_eq!(
        (switch.len(), block_on.len()),
        (1, 1),
        "{switch:#?} {block_on:#?}"
    );
    assert!(block_on[0].contains("Handle::block_on"));
    // Requests add no adaptation lines: it was done once.
    for _ in 0..3 {
        assert_eq!(client.get("/").text(), "probed");
    }
    assert_eq!(
        captured_lines_with("(sync) adapted for view `probed`").len(),
        1
    );
}
