//! The built-in middleware through a whole app: request ids (generated, kept,
//! replaced, seen across the switch), the timeout (504; an async view dropped,
//! a sync view told through its `Deadline`), and the allowed-hosts check.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use twain::Body;
use twain::middleware::{
    AllowedHosts, Deadline, RequestId, Timeout, allowed_hosts, request_id, timeout,
};
use twain::prelude::*;
use twain::test::{AsyncClient, TestResponse};

async fn get_with(client: &AsyncClient, uri: &str, header: Option<(&str, &str)>) -> TestResponse {
    let mut builder = twain::http::Request::get(uri);
    if let Some((name, value)) = header {
        builder = builder.header(name, value);
    }
    client.request(builder.body(Body::empty()).unwrap()).await
}

/// Sync, so the id crosses from the worker to the sync thread.
#[view]
fn show_id(req: &Request) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[tokio::test]
async fn request_id_is_generated_when_absent() {
    let client = AsyncClient::new(App::new().middleware(request_id).route("", show_id));
    let first = client.get("/").await;
    let second = client.get("/").await;
    let id = first
        .header("x-request-id")
        .expect("the response carries the id");
    assert_eq!(
        first.text(),
        id,
        "the view sees the same id in its extensions"
    );
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(id.matches('-').count(), 4, "a UUID: {id}");
    assert_ne!(
        second.header("x-request-id"),
        Some(id),
        "each request gets its own id"
    );
}

#[tokio::test]
async fn request_id_keeps_a_sane_client_id_and_replaces_a_bad_one() {
    let client = AsyncClient::new(App::new().middleware(request_id).route("", show_id));
    let kept = get_with(&client, "/", Some(("x-request-id", "abc-123"))).await;
    assert_eq!(kept.header("x-request-id"), Some("abc-123"));
    assert_eq!(kept.text(), "abc-123");

    let long = "x".repeat(300);
    let replaced = get_with(&client, "/", Some(("x-request-id", &long))).await;
    assert_eq!(replaced.header("x-request-id").map(str::len), Some(36));
}

static ASYNC_VIEW_DROPPED: AtomicBool = AtomicBool::new(false);

struct SetOnDrop(&'static AtomicBool);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[view]
async fn hangs() -> &'static str {
    let _dropped = SetOnDrop(&ASYNC_VIEW_DROPPED);
    std::future::pending::<()>().await;
    "never"
}

#[tokio::test]
async fn timeout_answers_504_and_drops_the_async_view() {
    let app = App::new()
        .state(Timeout(Duration::from_millis(50)))
        .middleware(timeout)
        .route("", hangs);
    let client = AsyncClient::new(app);
    let response = client.get("/").await;
    assert_eq!(response.status(), 504);
    assert!(
        ASYNC_VIEW_DROPPED.load(Ordering::SeqCst),
        "the view's future is dropped at the deadline"
    );
}

static SYNC_VIEW_SAW_EXPIRY: AtomicBool = AtomicBool::new(false);
static CLIENT_GOT_504: AtomicBool = AtomicBool::new(false);

/// A long sync job that checks its deadline between steps. It runs until the
/// client has its answer, so the timeout always fires first.
#[view]
fn long_job(req: &Request) -> &'static str {
    let deadline = *req
        .extensions()
        .get::<Deadline>()
        .expect("timeout sets a Deadline");
    for _ in 0..1_000 {
        if deadline.expired() {
            SYNC_VIEW_SAW_EXPIRY.store(true, Ordering::SeqCst);
        }
        if CLIENT_GOT_504.load(Ordering::SeqCst) {
            return "stopped";
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    "finished"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_answers_504_and_tells_the_sync_view() {
    let app = App::new()
        .state(Timeout(Duration::from_millis(50)))
        .middleware(timeout)
        .route("", long_job);
    let client = AsyncClient::new(app);
    assert_eq!(client.get("/").await.status(), 504);
    CLIENT_GOT_504.store(true, Ordering::SeqCst);
    // The sync view cannot be stopped from outside; it sees its deadline has
    // passed. Wait (bounded) for it to notice.
    for _ in 0..500 {
        if SYNC_VIEW_SAW_EXPIRY.load(Ordering::SeqCst) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the sync view never saw its deadline expire");
}

#[view]
fn has_deadline(req: &Request) -> String {
    let deadline = req
        .extensions()
        .get::<Deadline>()
        .expect("timeout sets a Deadline");
    format!("expired: {}", deadline.expired())
}

#[tokio::test]
async fn timeout_without_config_uses_the_default_and_passes_fast_requests() {
    let client = AsyncClient::new(App::new().middleware(timeout).route("", has_deadline));
    let response = client.get("/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "expired: false");
}

#[view]
async fn ok() -> &'static str {
    "ok"
}

#[tokio::test]
async fn allowed_hosts_answers_400_to_other_hosts() {
    let app = App::new()
        .state(AllowedHosts::new(["example.com", ".example.org"]))
        .middleware(allowed_hosts)
        .route("", ok);
    let client = AsyncClient::new(app);
    for (host, status) in [
        ("example.com", 200),
        ("EXAMPLE.com:8000", 200),
        ("example.org", 200),
        ("www.example.org:443", 200),
        ("www.example.com", 400),
        ("evil.com", 400),
        ("example.org.evil.com", 400),
        ("example.com:80x", 400),
    ] {
        let response = get_with(&client, "/", Some(("host", host))).await;
        assert_eq!(response.status(), status, "Host: {host}");
    }
    assert_eq!(client.get("/").await.status(), 400, "no Host at all");
    // HTTP/2 requests name the host in the URI's authority instead.
    assert_eq!(
        get_with(&client, "http://example.com/", None)
            .await
            .status(),
        200
    );
    assert_eq!(
        get_with(&client, "http://evil.com/", None).await.status(),
        400
    );
}

#[tokio::test]
async fn allowed_hosts_defaults_to_local_development_hosts() {
    let client = AsyncClient::new(App::new().middleware(allowed_hosts).route("", ok));
    assert_eq!(
        get_with(&client, "/", Some(("host", "localhost:8000")))
            .await
            .status(),
        200
    );
    assert_eq!(
        get_with(&client, "/", Some(("host", "127.0.0.1:8000")))
            .await
            .status(),
        200
    );
    assert_eq!(
        get_with(&client, "/", Some(("host", "example.com")))
            .await
            .status(),
        400
    );
}
