//! `sync_to_async` / `async_to_sync`, the capability and the `#[sync_only]`
//! run-time guard, driven through the test clients (no socket).

use std::sync::mpsc;
use std::thread::{self, ThreadId};
use std::time::Duration;

use twain::prelude::*;
use twain::test::{AsyncClient, Client};

#[sync_only]
fn load_rows(cx: Blocking, table: &str) -> String {
    let _ = cx;
    format!("rows of {table}")
}

#[view]
async fn offload() -> Result<String, Error> {
    let (on_sync, rows) =
        twain::sync_to_async(|cx| (twain::on_sync_thread(), load_rows(cx, "users"))).await?;
    Ok(format!("{on_sync} {rows}"))
}

#[view]
async fn offload_panics() -> Result<String, Error> {
    twain::sync_to_async(|_cx| -> String { panic!("database on fire") }).await
}

/// A sync view whose nested async part calls back into sync code: that part
/// must run inline on the view's own sync thread.
#[view]
fn nested(cx: Blocking) -> String {
    let outer = thread::current().id();
    let (in_async, in_sync) = twain::async_to_sync(cx, async {
        let in_async = thread::current().id();
        let in_sync = twain::sync_to_async(|_cx| thread::current().id()).await;
        (in_async, in_sync)
    });
    let in_sync = in_sync.expect("inline on the view's own thread: never busy");
    format!("{} {}", outer == in_async, outer == in_sync)
}

/// async → sync → async inside one sync view: the innermost `async_to_sync`
/// cannot use tokio's `block_on` again, and must still drive timers.
#[view]
fn deeply_nested(cx: Blocking) -> String {
    let n = twain::async_to_sync(cx, async {
        twain::sync_to_async(|cx| {
            twain::async_to_sync(cx, async {
                tokio::time::sleep(Duration::from_millis(1)).await;
                7
            })
        })
        .await
    });
    n.expect("inline on the view's own thread: never busy")
        .to_string()
}

#[test]
fn async_to_sync_nests_inside_itself() {
    let client = Client::new(App::new().route("", deeply_nested));
    assert_eq!(client.get("/").text(), "7");
}

#[test]
fn sync_to_async_runs_the_closure_on_a_sync_thread() {
    let client = Client::new(App::new().route("", offload));
    let response = client.get("/");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "true rows of users");
}

#[test]
fn a_panic_in_sync_to_async_is_a_500_and_the_app_keeps_serving() {
    let client = Client::new(
        App::new()
            .route("boom", offload_panics)
            .route("ok", offload),
    );
    assert_eq!(client.get("/boom").status(), 500);
    assert_eq!(client.get("/ok").status(), 200);
}

#[test]
fn nested_sync_and_async_parts_stay_on_the_views_thread() {
    let client = Client::new(App::new().route("", nested));
    assert_eq!(client.get("/").text(), "true true");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_sync_to_async_resumes_with_its_message() {
    let free = std::hint::black_box(0);
    let joined = tokio::spawn(twain::sync_to_async(move |_cx| -> u32 {
        panic!("disk full: {free} bytes left")
    }))
    .await;
    let payload = joined.expect_err("the panic must cross").into_panic();
    let message = payload
        .downcast_ref::<String>()
        .expect("the original payload");
    assert_eq!(message, "disk full: 0 bytes left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_to_async_outside_a_request_uses_a_default_pool() {
    let worker = thread::current().id();
    let (id, on_sync): (ThreadId, bool) =
        twain::sync_to_async(|_cx| (thread::current().id(), twain::on_sync_thread()))
            .await
            .unwrap();
    assert_ne!(id, worker);
    assert!(on_sync);
    assert!(!twain::may_block_here(), "an async worker may not block");
}

static HOLD: std::sync::Mutex<Option<mpsc::Receiver<()>>> = std::sync::Mutex::new(None);

#[view]
async fn hold_the_only_thread() -> Result<&'static str, Error> {
    twain::sync_to_async(|_cx| {
        let release = HOLD.lock().unwrap().take().expect("one holder");
        release.recv().ok();
    })
    .await?;
    Ok("held")
}

#[view]
async fn needs_a_thread() -> Result<&'static str, Error> {
    twain::sync_to_async(|_cx| ()).await?;
    Ok("got one")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saturated_pool_answers_503_from_sync_to_async() {
    let (release, wait) = mpsc::channel();
    *HOLD.lock().unwrap() = Some(wait);
    let app = App::new()
        .sync_threads(1)
        .sync_wait(Duration::from_millis(20))
        .route("hold", hold_the_only_thread)
        .route("need", needs_a_thread);
    let client = std::sync::Arc::new(AsyncClient::new(app));
    let holder = tokio::spawn({
        let client = client.clone();
        async move { client.get("/hold").await }
    });
    // The holder has the only thread once HOLD is emptied.
    while HOLD.lock().unwrap().is_some() {
        tokio::task::yield_now().await;
    }
    let busy = client.get("/need").await;
    assert_eq!(busy.status(), 503);
    assert!(busy.header("retry-after").is_some());
    release.send(()).unwrap();
    assert_eq!(holder.await.unwrap().text(), "held");
    assert_eq!(client.get("/need").await.text(), "got one");
}

#[test]
fn client_blocking_hands_out_the_capability() {
    let client = Client::new(App::new());
    let rows = client.blocking(|cx| load_rows(cx, "teams"));
    assert_eq!(rows, "rows of teams");
    let same_thread = client.blocking(|cx| {
        let here = thread::current().id();
        twain::async_to_sync(cx, async move { thread::current().id() == here })
    });
    assert!(same_thread);
    assert!(twain::may_block_here());
}

#[test]
fn async_to_sync_propagates_a_panic_of_the_future() {
    let client = Client::new(App::new());
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        client.blocking(|cx| twain::async_to_sync(cx, async { panic!("inner failure") }))
    }));
    let payload = caught.expect_err("the panic must propagate");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"inner failure"));
}

/// A capability forged by `unsafe` code: what the run-time guard is for.
fn forged() -> Blocking<'static> {
    // SAFETY: `Blocking` is a zero-sized marker; forging it is exactly the
    // misuse this test wants the guard to catch.
    unsafe { std::mem::transmute::<(), Blocking<'static>>(()) }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_stops_a_sync_only_fn_on_an_async_worker() {
    let caught = std::panic::catch_unwind(|| load_rows(forged(), "users"));
    let payload = caught.expect_err("the guard must panic");
    let message = payload
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(
        message.contains("sync-only function `load_rows`"),
        "{message}"
    );
    assert!(
        message.contains("twain::sync_to_async(|cx| load_rows(cx, ..))"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_to_sync_refuses_to_block_an_async_worker() {
    let caught = std::panic::catch_unwind(|| twain::async_to_sync(forged(), async { 1 }));
    let payload = caught.expect_err("must panic");
    let message = payload.downcast_ref::<&str>().copied().unwrap_or_default();
    assert!(message.contains("`.await` the future instead"), "{message}");
}

#[test]
fn the_guard_lets_sync_code_through() {
    // A plain thread with no runtime may block.
    assert_eq!(load_rows(forged(), "t"), "rows of t");
}
