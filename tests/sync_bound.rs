//! `App::sync_threads` bounds every sync job, not only sync views: a `Chunks`
//! body being pulled and a request body being written to its spool file hold
//! one of the permits too, through the test clients (`into_service`) and
//! through a real server (`serve_with_shutdown`) alike.

mod common;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use twain::prelude::*;
use twain::test::AsyncClient;
use twain::{Chunks, SpooledBody};

/// A gate the one blocking job of a test waits on, and a flag it raises when
/// it starts waiting (so the test knows the permit is held).
struct Gate {
    release: Mutex<Option<mpsc::Receiver<()>>>,
    entered: AtomicUsize,
}

impl Gate {
    const fn new() -> Self {
        Gate {
            release: Mutex::new(None),
            entered: AtomicUsize::new(0),
        }
    }

    fn arm(&self) -> mpsc::Sender<()> {
        let (release, wait) = mpsc::channel();
        *self.release.lock().unwrap() = Some(wait);
        release
    }

    /// Blocks the calling sync thread until the test opens the gate.
    fn hold(&self) {
        self.entered.fetch_add(1, Ordering::SeqCst);
        let wait = self.release.lock().unwrap().take().expect("armed once");
        wait.recv().ok();
    }

    async fn until_held(&self) {
        common::eventually(Duration::from_secs(10), || {
            self.entered.load(Ordering::SeqCst) > 0
        })
        .await;
        assert!(
            self.entered.load(Ordering::SeqCst) > 0,
            "the job never started"
        );
    }
}

static STREAM_GATE: Gate = Gate::new();

/// An async view whose body is a sync iterator: its first `next()` holds
/// the gate, so it holds a sync thread while the client waits for the body.
#[view]
async fn slow_stream() -> Chunks<impl Iterator<Item = &'static str> + Send> {
    let mut first = true;
    Chunks(std::iter::from_fn(move || {
        if std::mem::take(&mut first) {
            STREAM_GATE.hold();
            return Some("first ");
        }
        None
    }))
}

#[view]
fn sync_hello() -> &'static str {
    "hello"
}

fn bounded(app: App) -> App {
    app.sync_threads(1).sync_wait(Duration::from_millis(50))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunks_pull_holds_one_of_the_sync_threads() {
    let release = STREAM_GATE.arm();
    let client = std::sync::Arc::new(AsyncClient::new(bounded(
        App::new()
            .route("stream", slow_stream)
            .route("sync", sync_hello),
    )));
    let streaming = tokio::spawn({
        let client = client.clone();
        async move { client.get("/stream").await }
    });
    STREAM_GATE.until_held().await;

    let busy = client.get("/sync").await;
    assert_eq!(
        busy.status(),
        503,
        "the pull did not count against sync_threads"
    );
    assert!(busy.header("retry-after").is_some());

    release.send(()).unwrap();
    assert_eq!(streaming.await.unwrap().text(), "first ");
    assert_eq!(client.get("/sync").await.text(), "hello");
}

static VIEW_GATE: Gate = Gate::new();

#[view]
fn hold_the_only_thread() -> &'static str {
    VIEW_GATE.hold();
    "held"
}

/// An async view that takes the spooled body: spooling writes past the memory
/// limit go to a temp file on a sync thread.
#[view]
async fn spooled_size(body: SpooledBody) -> String {
    body.len().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writing_a_spool_file_holds_one_of_the_sync_threads() {
    let release = VIEW_GATE.arm();
    let app = bounded(App::new())
        .spool_memory_limit(16)
        .route("hold", hold_the_only_thread)
        .route("upload", spooled_size);
    let client = std::sync::Arc::new(AsyncClient::new(app));
    let holder = tokio::spawn({
        let client = client.clone();
        async move { client.get("/hold").await }
    });
    VIEW_GATE.until_held().await;

    let body = vec![b'x'; 4096];
    let busy = client
        .post("/upload", "application/octet-stream", body.clone())
        .await;
    assert_eq!(
        busy.status(),
        503,
        "spooling did not count against sync_threads"
    );

    release.send(()).unwrap();
    assert_eq!(holder.await.unwrap().text(), "held");
    let done = client
        .post("/upload", "application/octet-stream", body)
        .await;
    assert_eq!(done.text(), "4096");
}

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST: AtomicUsize = AtomicUsize::new(0);

/// Counts the sync jobs running at once, for as long as `work` takes.
fn counted(work: Duration) {
    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    MOST.fetch_max(now, Ordering::SeqCst);
    std::thread::sleep(work);
    RUNNING.fetch_sub(1, Ordering::SeqCst);
}

#[view]
fn busy_view() -> &'static str {
    counted(Duration::from_millis(20));
    "view"
}

#[view]
async fn busy_stream() -> Chunks<impl Iterator<Item = &'static str> + Send> {
    Chunks((0..3).map(|_| {
        counted(Duration::from_millis(10));
        "chunk "
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_served_app_never_runs_more_sync_jobs_than_its_bound() {
    let app = App::new()
        .sync_threads(2)
        .route("view", busy_view)
        .route("stream", busy_stream);
    let server = common::start(app).await;
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..16 {
        let path = if i % 2 == 0 { "/view" } else { "/stream" };
        requests.spawn(common::http_get(server.addr, path));
    }
    while let Some(reply) = requests.join_next().await {
        assert_eq!(reply.unwrap().status, 200);
    }
    server.stop().await;
    let most = MOST.load(Ordering::SeqCst);
    assert!(
        most <= 2,
        "{most} sync jobs ran at once with sync_threads(2)"
    );
    assert_eq!(most, 2, "the jobs never overlapped: the test shows nothing");
}
