//! The run-time backstop: a poll of an async view or middleware that holds
//! the worker longer than `App::slow_poll_threshold` is reported by name, with
//! its route and the time held; `fail_on_slow_poll` makes it a test failure.
//! The blocking here hides in a helper function, where no compile-time check
//! can see it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use twain::prelude::*;
use twain::test::Client;

mod common;

/// A helper that blocks, marked as deliberate so the views calling it
/// compile: the run-time backstop is what these tests exercise.
#[twain::allow_blocking]
fn load_report() -> String {
    std::thread::sleep(Duration::from_millis(60));
    "report".to_owned()
}

#[view]
async fn report() -> String {
    load_report()
}

#[view]
async fn quick() -> &'static str {
    tokio::time::sleep(Duration::from_millis(60)).await; // waits, does not block
    "quick"
}

#[middleware]
async fn around(req: Request, next: Next) -> Response {
    next.run(req).await
}

#[middleware]
async fn blocking_middleware(req: Request, next: Next) -> Response {
    load_report();
    next.run(req).await
}

fn app() -> App {
    App::new()
        .slow_poll_threshold(Duration::from_millis(20))
        .route("reports/<int:year>/", report_for)
        .route("report/", report)
        .route("quick/", quick)
}

#[view]
async fn report_for(year: u32) -> String {
    format!("{year}: {}", load_report())
}

fn panic_text(run: impl FnOnce()) -> Option<String> {
    let payload = catch_unwind(AssertUnwindSafe(run)).err()?;
    Some(
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    )
}

#[test]
fn a_blocking_helper_fails_the_test_naming_the_view_and_route() {
    let client = Client::new(app()).fail_on_slow_poll();
    let message = panic_text(|| {
        client.get("/reports/2024/");
    })
    .expect("the slow poll fails the request");
    assert!(message.contains("view `report_for`"), "{message}");
    assert!(message.contains("route `reports/<int:year>/`"), "{message}");
    assert!(message.contains("held the async worker for"), "{message}");
    assert!(message.contains("sync_to_async"), "{message}");
}

#[test]
fn waiting_without_blocking_is_not_reported() {
    let client = Client::new(app()).fail_on_slow_poll();
    let response = client.get("/quick/");
    assert_eq!(response.text(), "quick");
}

#[test]
fn without_fail_on_slow_poll_the_request_is_answered() {
    let client = Client::new(app());
    assert_eq!(client.get("/report/").text(), "report");
}

#[test]
fn an_async_middleware_is_not_blamed_for_the_view_it_awaits() {
    let client = Client::new(app().middleware(around)).fail_on_slow_poll();
    let message = panic_text(|| {
        client.get("/report/");
    })
    .expect("the slow poll fails the request");
    assert!(message.contains("view `report`"), "{message}");
    assert!(!message.contains("middleware `around`"), "{message}");
}

#[test]
fn a_blocking_async_middleware_is_named() {
    let client = Client::new(app().middleware(blocking_middleware)).fail_on_slow_poll();
    let message = panic_text(|| {
        client.get("/quick/");
    })
    .expect("the slow poll fails the request");
    assert!(
        message.contains("middleware `blocking_middleware`"),
        "{message}"
    );
    assert!(message.contains("route `quick/`"), "{message}");
}

#[test]
fn the_threshold_is_a_setting() {
    let app = app().slow_poll_threshold(Duration::MAX);
    let client = Client::new(app).fail_on_slow_poll();
    assert_eq!(client.get("/report/").text(), "report");
}

#[view]
async fn logged() -> String {
    load_report()
}

#[test]
fn the_warning_names_view_route_and_time_once_then_is_rate_limited() {
    common::capture_logs();
    let client = Client::new(app().route("logged/", logged));
    for _ in 0..3 {
        assert_eq!(client.get("/logged/").text(), "report");
    }
    let logs = common::captured_logs();
    let warnings: Vec<&str> = logs
        .lines()
        .filter(|line| line.contains("WARN") && line.contains("view `logged`"))
        .collect();
    assert_eq!(warnings.len(), 1, "{logs}");
    assert!(warnings[0].contains("route `logged/`"), "{}", warnings[0]);
    assert!(
        warnings[0].contains("held the async worker for"),
        "{}",
        warnings[0]
    );
}

/// Held by the two tests below: one fills every core with busy threads,
/// which would starve the other's busy loop of the CPU it must show.
static CORES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Keeps the CPU busy for `wall` of wall-clock time, never waiting.
fn spin_for(wall: Duration) -> u64 {
    let start = std::time::Instant::now();
    let mut n = 0u64;
    while start.elapsed() < wall {
        n = std::hint::black_box(n.wrapping_mul(31).wrapping_add(7));
    }
    n
}

#[view]
async fn busy() -> String {
    spin_for(Duration::from_millis(40)).to_string()
}

#[test]
fn a_poll_that_holds_the_cpu_is_reported_though_it_never_waits() {
    let _cores = CORES.lock().unwrap_or_else(|e| e.into_inner());
    let app = App::new()
        .route("busy/", busy)
        .slow_poll_threshold(Duration::from_millis(5));
    let client = Client::new(app).fail_on_slow_poll();
    let message = panic_text(|| {
        client.get("/busy/");
    })
    .expect("a poll busy for 40 ms fails the request");
    assert!(message.contains("view `busy`"), "{message}");
}

#[view]
async fn short_work() -> String {
    spin_for(Duration::from_millis(2)).to_string()
}

/// A poll that never blocks can still take long on the wall clock when other
/// threads take the cores: that is the machine being busy, not the view
/// blocking, and a test run on a loaded machine must not fail for it.
#[test]
fn a_poll_only_preempted_by_other_threads_is_not_reported() {
    let _cores = CORES.lock().unwrap_or_else(|e| e.into_inner());
    common::capture_logs();
    let app = App::new()
        .route("short/", short_work)
        .slow_poll_threshold(Duration::from_millis(4));
    let client = Client::new(app).fail_on_slow_poll();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let hogs: Vec<_> = (0..4 * cores)
        .map(|_| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    spin_for(Duration::from_millis(1));
                }
            })
        })
        .collect();
    let started = std::time::Instant::now();
    let mut preempted = false;
    let mut answered = 0;
    while !preempted && answered < 500 && started.elapsed() < Duration::from_secs(10) {
        assert!(!client.get("/short/").text().is_empty());
        answered += 1;
        preempted = common::captured_logs().contains("the thread was preempted");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for hog in hogs {
        hog.join().expect("hog thread");
    }
    assert!(
        preempted,
        "{answered} requests with {} busy threads on {cores} cores, and no poll was ever preempted past the threshold",
        4 * cores
    );
}
