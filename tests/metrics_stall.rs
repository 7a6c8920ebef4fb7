//! The line that blocked (Linux, feature `metrics`): a poll that holds its
//! worker past the slow-poll threshold has its stack captured while it is
//! still blocked, and the slow-poll report names the file and line of the
//! blocking call, in a helper the compile-time check cannot see — under
//! the test client and under a real server.

#![cfg(target_os = "linux")]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use twain::prelude::*;

use common::{capture_logs, captured_logs, eventually, http_get, start};

/// The line of the blocking call in [`load_report`].
static BLOCKING_LINE: AtomicU32 = AtomicU32::new(0);

/// A helper that blocks, let through the compile-time check on purpose (as
/// a helper it cannot follow would be).
#[twain::allow_blocking]
fn load_report() -> String {
    BLOCKING_LINE.store(line!() + 1, Ordering::Relaxed);
    std::thread::sleep(Duration::from_millis(150));
    "report".to_owned()
}

#[view]
async fn report() -> String {
    load_report()
}

#[view]
async fn nightly_report() -> String {
    load_report()
}

fn blocking_call() -> String {
    format!(
        "tests/metrics_stall.rs:{}",
        BLOCKING_LINE.load(Ordering::Relaxed)
    )
}

#[test]
fn the_test_client_names_the_file_and_line_that_blocked() {
    let app = App::new()
        .slow_poll_threshold(Duration::from_millis(20))
        .route("report/", report);
    let client = twain::test::Client::new(app).fail_on_slow_poll();
    let payload = catch_unwind(AssertUnwindSafe(|| {
        client.get("/report/");
    }))
    .expect_err("the slow poll fails the request");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("view `report`"), "{message}");
    assert!(message.contains("blocked in `"), "{message}");
    assert!(message.contains("nanosleep`"), "{message}");
    assert!(message.contains(&blocking_call()), "{message}");
    assert!(message.contains("load_report"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_logs_the_file_and_line_that_blocked() {
    capture_logs();
    let app = App::new()
        .slow_poll_threshold(Duration::from_millis(20))
        .route("nightly/", nightly_report);
    let server = start(app).await;
    // The first slow poll of a step arms the check that tells blocking from
    // preemption; the next one is reported.
    for _ in 0..3 {
        assert_eq!(http_get(server.addr, "/nightly/").await.status, 200);
    }
    let line = blocking_call();
    // The warning's text runs over several lines: the stack follows it (or,
    // looked up too late for the warning, follows a line of its own).
    // The first lookup loads the binary's debug info: seconds in a debug build.
    let named = eventually(Duration::from_secs(15), || {
        let logs = captured_logs();
        logs.split("view `nightly_report`")
            .skip(1)
            .any(|warning| warning.split("\n20").next().unwrap_or("").contains(&line))
    })
    .await;
    assert!(named, "{line} not in:\n{}", captured_logs());
    server.stop().await;
}
