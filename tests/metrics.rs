//! The metrics an operator scrapes (feature `metrics`): per route pattern
//! and method, requests by status class and a latency histogram; the sync
//! pool's threads busy, per-view wait for a thread and saturation refusals;
//! slow polls per view and middleware; the database pool's checkout wait,
//! timeouts and connections in use. All read back from the Prometheus text
//! an app serves on its own route. The recorder is process-wide, so each
//! test uses route patterns of its own.

use std::time::Duration;

use twain::db::{Conn, Database, DbError};
use twain::ops::Prometheus;
use twain::prelude::*;
use twain::test::AsyncClient;

#[view]
async fn metrics(prometheus: State<Prometheus>) -> Prometheus {
    Prometheus::clone(&prometheus)
}

#[view]
fn sync_hello() -> &'static str {
    "hello"
}

#[view]
fn sync_item(id: u32) -> String {
    format!("item {id}")
}

#[view]
async fn async_hello() -> &'static str {
    "hello"
}

#[view]
fn nap() -> &'static str {
    std::thread::sleep(Duration::from_millis(300));
    "rested"
}

/// A helper that blocks, let through the compile-time check on purpose (as
/// a helper it cannot follow would be).
#[twain::allow_blocking]
fn blocking_helper() {
    std::thread::sleep(Duration::from_millis(40));
}

#[view]
async fn stalls() -> &'static str {
    blocking_helper();
    "stalled"
}

#[middleware]
async fn stalling_middleware(req: Request, next: Next) -> Response {
    if req.path().starts_with("/mw-stall/") {
        blocking_helper();
    }
    next.run(req).await
}

#[view]
fn query(conn: Conn) -> Result<String, DbError> {
    let (n,): (i64,) = conn.query_one("SELECT 41 + 1", ())?;
    Ok(n.to_string())
}

#[view]
fn hold_connection(conn: Conn) -> Result<String, DbError> {
    let (n,): (i64,) = conn.query_one("SELECT 1", ())?;
    std::thread::sleep(Duration::from_millis(300));
    Ok(n.to_string())
}

fn prometheus() -> Prometheus {
    Prometheus::install().expect("the only recorder of this test binary")
}

/// The value of the sample of `name` whose labels include every one of
/// `labels` (`key="value"`), if there is one.
fn sample(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find(|line| {
            let (series, _) = line.rsplit_once(' ').unwrap_or((line, ""));
            let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
            metric == name && labels.iter().all(|label| rest.contains(label))
        })
        .and_then(|line| line.rsplit_once(' ')?.1.parse().ok())
}

fn value(text: &str, name: &str, labels: &[&str]) -> f64 {
    sample(text, name, labels).unwrap_or_else(|| panic!("no sample {name} {labels:?} in:\n{text}"))
}

#[tokio::test]
async fn requests_are_counted_per_route_pattern_method_and_status_class() {
    let app = App::new()
        .state(prometheus())
        .route("metrics", metrics)
        .route("count/sync/<int:id>/", sync_item)
        .route("count/async/", async_hello);
    let client = AsyncClient::new(app);
    for id in 0..3 {
        assert_eq!(
            client.get(&format!("/count/sync/{id}/")).await.status(),
            200
        );
    }
    for _ in 0..2 {
        assert_eq!(client.get("/count/async/").await.status(), 200);
    }
    assert_eq!(
        client
            .post("/count/async/", "text/plain", "")
            .await
            .status(),
        200
    );
    assert_eq!(client.get("/count/nowhere/123").await.status(), 404);

    let page = client.get("/metrics").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4"),
        "{:?}",
        page.header("content-type")
    );
    let text = page.text();
    // The pattern, never the raw path: one series for the three ids.
    let sync = [r#"route="/count/sync/<int:id>/""#, r#"method="GET""#];
    assert_eq!(
        value(
            &text,
            "twain_requests_total",
            &[sync[0], sync[1], r#"class="2xx""#]
        ),
        3.0
    );
    assert!(!text.contains("/count/sync/1/"), "{text}");
    let async_get = [
        r#"route="/count/async/""#,
        r#"method="GET""#,
        r#"class="2xx""#,
    ];
    assert_eq!(value(&text, "twain_requests_total", &async_get), 2.0);
    let async_post = [
        r#"route="/count/async/""#,
        r#"method="POST""#,
        r#"class="2xx""#,
    ];
    assert_eq!(value(&text, "twain_requests_total", &async_post), 1.0);
    assert!(
        value(
            &text,
            "twain_requests_total",
            &[r#"route="(unmatched)""#, r#"class="4xx""#]
        ) >= 1.0
    );
    // The latency histogram: a count and buckets per route and method.
    assert_eq!(
        value(&text, "twain_request_duration_seconds_count", &sync),
        3.0
    );
    assert_eq!(
        value(
            &text,
            "twain_request_duration_seconds_bucket",
            &[sync[0], sync[1], r#"le="+Inf""#]
        ),
        3.0
    );
    assert!(text.contains("# HELP twain_requests_total"), "{text}");
    // A series exists once recorded: an async view never waits for a thread.
    let async_view = [r#"name="async_hello""#, r#"route="/count/async/""#];
    assert_eq!(
        sample(&text, "twain_sync_wait_seconds_count", &async_view),
        None
    );
    let sync_view = [r#"name="sync_item""#, r#"route="/count/sync/<int:id>/""#];
    assert_eq!(
        value(&text, "twain_sync_wait_seconds_count", &sync_view),
        3.0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_pool_shows_busy_threads_waits_per_view_and_refusals() {
    let app = App::new()
        .state(prometheus())
        .sync_threads(1)
        .sync_wait(Duration::from_millis(100))
        .route("metrics", metrics)
        .route("pool/nap/", nap)
        .route("pool/hello/", sync_hello);
    let client = AsyncClient::new(app);
    // One nap holds the one thread; a scrape meanwhile sees it busy, and a
    // second nap waits 100 ms for it and is refused.
    let (first, second, during) = tokio::join!(
        client.get("/pool/nap/"),
        async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            client.get("/pool/nap/").await
        },
        async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            client.get("/metrics").await.text()
        },
    );
    assert_eq!(first.status(), 200);
    assert_eq!(second.status(), 503);
    assert!(
        value(&during, "twain_sync_threads_busy", &[]) >= 1.0,
        "{during}"
    );
    assert!(value(&during, "twain_sync_threads", &[]) >= 1.0, "{during}");
    assert_eq!(client.get("/pool/hello/").await.status(), 200);

    let text = client.get("/metrics").await.text();
    let nap_labels = [r#"kind="view""#, r#"name="nap""#, r#"route="/pool/nap/""#];
    assert_eq!(value(&text, "twain_sync_refused_total", &nap_labels), 1.0);
    // The nap that ran waited for its thread; so did the hello.
    assert_eq!(
        value(&text, "twain_sync_wait_seconds_count", &nap_labels),
        1.0
    );
    let hello = [r#"name="sync_hello""#, r#"route="/pool/hello/""#];
    assert_eq!(value(&text, "twain_sync_wait_seconds_count", &hello), 1.0);
    let refused = [r#"route="/pool/nap/""#, r#"method="GET""#, r#"class="5xx""#];
    assert_eq!(value(&text, "twain_requests_total", &refused), 1.0);
}

#[test]
fn slow_polls_are_counted_per_view_and_middleware() {
    let app = App::new()
        .state(prometheus())
        .slow_poll_threshold(Duration::from_millis(20))
        .middleware(stalling_middleware)
        .route("metrics", metrics)
        .route("stall/view/", stalls)
        .route("mw-stall/hello/", async_hello);
    let client = twain::test::Client::new(app);
    // The first slow poll of a step on Linux only arms the check that tells
    // blocking from preemption (`handler/slow_poll.rs`); the next are counted.
    for _ in 0..3 {
        assert_eq!(client.get("/stall/view/").status(), 200);
        assert_eq!(client.get("/mw-stall/hello/").status(), 200);
    }
    let text = client.get("/metrics").text();
    let view = [
        r#"kind="view""#,
        r#"name="stalls""#,
        r#"route="/stall/view/""#,
    ];
    let counted = value(&text, "twain_slow_polls_total", &view);
    assert!((2.0..=3.0).contains(&counted), "{counted}");
    let middleware = [
        r#"kind="middleware""#,
        r#"name="stalling_middleware""#,
        r#"route="/mw-stall/hello/""#,
    ];
    let counted = value(&text, "twain_slow_polls_total", &middleware);
    assert!((2.0..=3.0).contains(&counted), "{counted}");
    // The view after the middleware did not block.
    let inner = [r#"name="async_hello""#, r#"route="/mw-stall/hello/""#];
    assert_eq!(
        sample(&text, "twain_slow_polls_total", &inner).unwrap_or(0.0),
        0.0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_pool_shows_checkout_waits_timeouts_and_connections_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .state(prometheus())
        .database(
            Database::sqlite(dir.path().join("m.db"))
                .pool_size(1)
                .checkout_wait(Duration::from_millis(100)),
        )
        .sync_threads(4)
        .route("metrics", metrics)
        .route("db/query/", query)
        .route("db/hold/", hold_connection);
    let client = AsyncClient::new(app);
    let before = client.get("/metrics").await.text();
    let count = |text: &str| {
        sample(
            text,
            "twain_db_checkout_wait_seconds_count",
            &[r#"backend="sqlite""#],
        )
        .unwrap_or(0.0)
    };
    let timeouts = |text: &str| {
        sample(
            text,
            "twain_db_checkout_timeouts_total",
            &[r#"backend="sqlite""#],
        )
        .unwrap_or(0.0)
    };
    for _ in 0..3 {
        assert_eq!(client.get("/db/query/").await.text(), "42");
    }
    // One holder takes the one connection; a query meanwhile times out.
    let (held, starved, during) = tokio::join!(
        client.get("/db/hold/"),
        async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            client.get("/db/query/").await
        },
        async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            client.get("/metrics").await.text()
        },
    );
    assert_eq!(held.status(), 200);
    assert_eq!(starved.status(), 503);
    assert!(
        value(&during, "twain_db_connections_in_use", &[]) >= 1.0,
        "{during}"
    );
    let after = client.get("/metrics").await.text();
    // Other tests of this binary use no database: the counts are this test's.
    assert_eq!(count(&after) - count(&before), 4.0, "{after}");
    assert_eq!(timeouts(&after) - timeouts(&before), 1.0, "{after}");
    assert!(value(&after, "twain_db_pool_size", &[]) >= 1.0);
    assert_eq!(value(&after, "twain_db_down", &[]), 0.0);
}
