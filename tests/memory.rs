//! No request leaves memory behind: with a counting allocator, the bytes
//! still allocated after a run of requests do not grow with the number of
//! requests, for every kind of extractor and response, sync and async
//! (cookies, sessions in each store, CSRF, templates, multipart, `Conn` /
//! `Db`, atomic requests, SSE, WebSocket upgrades). A leak of a few hundred
//! bytes a request shows as hundreds of kilobytes here.
//!
//! The tests share one global count, so they take turns (`TURN`).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

use twain::db::{Conn, Database, Db, DbSessionStore, M, Migrations};
use twain::middleware::csrf_protect;
use twain::prelude::*;
use twain::sse::{Event, Sse, SyncEvents};
use twain::test::{Client, TestResponse};
use twain::web::{
    Cookie, Cookies, CsrfConfig, CsrfToken, MemoryStore, Multipart, MultipartForm, Session,
    SessionConfig, Template, context,
};
use twain::ws::WebSocketUpgrade;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// count is a side effect only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test measures at a time: the count is the whole process's.
static TURN: Mutex<()> = Mutex::new(());

/// Requests before the first reading (pools, caches and tables warm up).
const WARM: usize = 300;
/// Requests between the two readings.
const RUN: usize = 3_000;
/// What the run may add, in all: allocator-visible noise (a table that
/// doubles once), far below a leak of even 8 bytes a request.
const SLACK: isize = 24 * 1024;

/// Bytes allocated now, once the sync threads have let go of what they
/// held for the last request.
fn live() -> isize {
    std::thread::sleep(Duration::from_millis(30));
    LIVE.load(Ordering::SeqCst)
}

/// Runs `send` `WARM` times, then `RUN` times, and fails when the second
/// run left more than `SLACK` bytes allocated. Every answer must be `ok`.
fn assert_flat(what: &str, mut send: impl FnMut(usize) -> TestResponse) {
    for i in 0..WARM {
        let response = send(i);
        assert!(
            response.status().is_success(),
            "{what}: {} {}",
            response.status(),
            response.text()
        );
    }
    let before = live();
    for i in 0..RUN {
        let response = send(WARM + i);
        assert!(
            response.status().is_success(),
            "{what}: {}",
            response.status()
        );
    }
    let grown = live() - before;
    eprintln!(
        "{what}: {grown} bytes after {RUN} requests ({:.1} per request)",
        grown as f64 / RUN as f64
    );
    assert!(
        grown <= SLACK,
        "{what}: {grown} bytes more allocated after {RUN} requests \
         ({:.0} per request): each request leaves memory behind",
        grown as f64 / RUN as f64
    );
}

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

// ---- views ----------------------------------------------------------------

#[view]
fn nothing() -> &'static str {
    "ok"
}

#[view]
fn cookies_sync(cookies: Cookies) -> String {
    let n: u32 = cookies
        .signed()
        .get("n")
        .and_then(|c| c.value().parse().ok())
        .unwrap_or(0);
    cookies.signed().add(Cookie::new("n", (n + 1).to_string()));
    n.to_string()
}

#[view]
async fn cookies_async(cookies: Cookies) -> String {
    cookies.add(Cookie::new("seen", "1"));
    cookies.all().len().to_string()
}

#[view]
fn session_peek_sync(session: Session) -> String {
    session.is_empty().to_string()
}

#[view]
async fn session_peek_async(session: Session) -> String {
    session.is_empty().to_string()
}

#[view]
fn session_count_sync(session: Session) -> Result<String, Error> {
    let n = session.get::<u32>("n").unwrap_or(0) + 1;
    session.insert("n", n)?;
    Ok(n.to_string())
}

#[view]
async fn session_count_async(session: Session) -> Result<String, Error> {
    let n = session.get::<u32>("n").unwrap_or(0) + 1;
    session.insert("n", n)?;
    Ok(n.to_string())
}

#[view]
fn session_login_sync(session: Session) -> Result<&'static str, Error> {
    session.insert("user", 1)?;
    session.cycle_id();
    Ok("in")
}

#[view]
fn token_sync(token: CsrfToken) -> String {
    token.as_str().len().to_string()
}

#[view]
async fn token_async(token: CsrfToken) -> String {
    token.as_str().len().to_string()
}

#[view]
fn session_and_token(session: Session, token: CsrfToken) -> String {
    format!("{} {}", session.is_empty(), token.as_str().len())
}

#[view]
fn form_page_sync(_token: CsrfToken, session: Session) -> Template {
    let _ = session.is_empty();
    Template::render("form.html", context! { title => "sync" })
}

#[view]
async fn form_page_async(_token: CsrfToken) -> Template {
    Template::render("form.html", context! { title => "async" })
}

#[view]
fn missing_page() -> Result<&'static str, Error> {
    Err(Error::not_found("no such page"))
}

#[view]
fn posted() -> &'static str {
    "posted"
}

#[view]
fn conn_sync(conn: Conn) -> Result<String, Error> {
    let (n,): (i64,) = conn.query_one("SELECT count(*) FROM notes", ())?;
    Ok(n.to_string())
}

#[view]
fn conn_write(conn: Conn) -> Result<&'static str, Error> {
    conn.execute("UPDATE notes SET body = body WHERE id = 1", ())?;
    Ok("written")
}

#[view]
async fn db_async(db: Db) -> Result<String, Error> {
    let n = db
        .run(|conn| conn.query_one::<(i64,)>("SELECT count(*) FROM notes", ()))
        .await?;
    Ok(n.0.to_string())
}

#[view]
fn upload_sync(mut form: MultipartForm) -> Result<String, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    if let Some(file) = form.file_mut("f") {
        file.read_to_end(&mut bytes)?;
    }
    Ok(format!("{} {}", form.text("t").unwrap_or("-"), bytes.len()))
}

#[view]
async fn upload_async(mut form: Multipart) -> Result<String, Error> {
    let mut total = 0;
    while let Some(field) = form.next_field().await? {
        total += field.bytes().await?.len();
    }
    Ok(total.to_string())
}

#[view]
fn sse_sync() -> Sse<SyncEvents<Vec<Event>>> {
    Sse::iter(vec![Event::default().data("1"), Event::default().data("2")]).no_keep_alive()
}

#[view]
async fn sse_async() -> impl IntoResponse {
    let events =
        twain::futures::stream::iter(vec![Event::default().data("1"), Event::default().data("2")]);
    Sse::new(events).no_keep_alive()
}

#[view]
async fn echo_socket(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(|socket| async move {
        let mut socket = socket;
        while let Some(Ok(message)) = socket.recv().await {
            if socket.send(message).await.is_err() {
                break;
            }
        }
    })
}

// ---- apps -----------------------------------------------------------------

fn templates(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("templates");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("form.html"),
        "<h1>{{ title }}</h1><form method=post>{{ csrf_input }}</form>",
    )
    .unwrap();
    std::fs::write(folder.join("404.html"), "<p>not here: {{ path }}</p>").unwrap();
    folder
}

/// Every app of this file: a poll slow enough for a stall report (a busy
/// machine's preemption can make one) would load the binary's debug info
/// into the symbol cache once, tens of MB that are no request's leftovers.
fn app() -> App {
    App::new().slow_poll_threshold(Duration::from_secs(600))
}

fn database(dir: &Path) -> Database {
    Database::sqlite(dir.join("app.db")).migrations(Migrations::new(vec![M::up(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
         INSERT INTO notes (body) VALUES ('one');",
    )]))
}

fn web_app(dir: &Path) -> App {
    app()
        .templates(templates(dir))
        .middleware(csrf_protect)
        .route("nothing/", nothing)
        .route("cookies/sync/", cookies_sync)
        .route("cookies/async/", cookies_async)
        .route("session/peek/sync/", session_peek_sync)
        .route("session/peek/async/", session_peek_async)
        .route("session/count/sync/", session_count_sync)
        .route("session/count/async/", session_count_async)
        .route("session/login/", session_login_sync)
        .route("token/sync/", token_sync)
        .route("token/async/", token_async)
        .route("session-token/", session_and_token)
        .route("form/sync/", form_page_sync)
        .route("form/async/", form_page_async)
        .route("missing/", missing_page)
        .route("posted/", posted)
        .route("upload/sync/", upload_sync)
        .route("upload/async/", upload_async)
        .route("sse/sync/", sse_sync)
        .route("sse/async/", sse_async)
}

/// A fresh client (no cookies) for each request: an anonymous visitor, as
/// crawlers and first-time visitors come; `client` for one that keeps them.
fn anonymous(client: &Client, path: &str) -> TestResponse {
    client.clear_cookies();
    client.get(path)
}

// ---- the tests --------------------------------------------------------------

#[test]
fn a_view_that_takes_nothing_leaves_nothing() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(web_app(dir.path()));
    assert_flat("nothing", |_| client.get("/nothing/"));
}

#[test]
fn cookies_leave_nothing_sync_or_async() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(web_app(dir.path()));
    assert_flat("cookies, sync", |_| anonymous(&client, "/cookies/sync/"));
    assert_flat("cookies, async", |_| anonymous(&client, "/cookies/async/"));
    assert_flat("cookies kept, sync", |_| client.get("/cookies/sync/"));
}

#[test]
fn sessions_in_the_cookie_store_leave_nothing() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(web_app(dir.path()));
    assert_flat("session read, sync", |_| {
        anonymous(&client, "/session/peek/sync/")
    });
    assert_flat("session read, async", |_| {
        anonymous(&client, "/session/peek/async/")
    });
    assert_flat("session written, sync", |_| {
        client.get("/session/count/sync/")
    });
    assert_flat("session written, async", |_| {
        client.get("/session/count/async/")
    });
    assert_flat("session cycled at login", |_| client.get("/session/login/"));
}

#[test]
fn sessions_in_the_memory_and_database_stores_leave_nothing() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let memory = Client::new(web_app(dir.path()).state(SessionConfig::new(MemoryStore::new())));
    assert_flat("memory store, read", |_| {
        anonymous(&memory, "/session/peek/sync/")
    });
    assert_flat("memory store, written", |_| {
        memory.get("/session/count/async/")
    });
    assert_flat("memory store, cycled", |_| memory.get("/session/login/"));

    let db = database(dir.path()).open().unwrap();
    let stored = Client::new(
        web_app(dir.path())
            .state(db.clone())
            .state(SessionConfig::new(DbSessionStore::new(db))),
    );
    assert_flat("database store, read", |_| {
        anonymous(&stored, "/session/peek/async/")
    });
    assert_flat("database store, written", |_| {
        stored.get("/session/count/sync/")
    });
}

#[test]
fn csrf_tokens_and_templates_leave_nothing() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(web_app(dir.path()));
    assert_flat("CSRF token, sync", |_| anonymous(&client, "/token/sync/"));
    assert_flat("CSRF token, async", |_| anonymous(&client, "/token/async/"));
    assert_flat("session and CSRF token", |_| {
        anonymous(&client, "/session-token/")
    });
    assert_flat("template with csrf_input, sync", |_| {
        anonymous(&client, "/form/sync/")
    });
    assert_flat("template with csrf_input, async", |_| {
        anonymous(&client, "/form/async/")
    });
    // A 404 page from the templates is a success for this count.
    let mut pages = 0;
    assert_flat("404 template page", |_| {
        let response = anonymous(&client, "/missing/");
        assert_eq!(response.status(), 404);
        pages += 1;
        client.get("/nothing/")
    });
    assert!(pages > 0);

    // A checked POST, with the token of the kept cookie.
    let page = client.get("/form/sync/").text();
    let token = page
        .split("value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form carries a token")
        .to_owned();
    assert_flat("checked POST", |_| {
        client.post(
            "/posted/",
            "application/x-www-form-urlencoded",
            format!("csrfmiddlewaretoken={token}"),
        )
    });

    let sessions = Client::new(web_app(dir.path()).state(CsrfConfig::new().use_sessions(true)));
    assert_flat("CSRF secret in the session", |_| {
        anonymous(&sessions, "/session-token/")
    });
}

#[test]
fn uploads_leave_nothing_sync_or_async() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(
        app()
            .route("sync/", upload_sync)
            .route("async/", upload_async),
    );
    let boundary = "X-MEMORY-BOUNDARY";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\ntitle\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{}\r\n--{boundary}--\r\n",
        "x".repeat(4096)
    );
    let content_type = format!("multipart/form-data; boundary={boundary}");
    assert_flat("multipart, sync", |_| {
        client.post("/sync/", &content_type, body.clone())
    });
    assert_flat("multipart, async", |_| {
        client.post("/async/", &content_type, body.clone())
    });
    drop(dir);
}

#[test]
fn database_views_leave_nothing() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(
        app()
            .database(database(dir.path()))
            .route("conn/", conn_sync)
            .route("db/", db_async)
            .route("write/", conn_write),
    );
    assert_flat("Conn, sync", |_| client.get("/conn/"));
    assert_flat("Db, async", |_| client.get("/db/"));
    assert_flat("Conn, write", |_| client.get("/write/"));
    drop(client);
    let atomic = Client::new(
        app()
            .database(database(dir.path()).atomic_requests(true))
            .route("write/", conn_write),
    );
    assert_flat("Conn, atomic request", |_| atomic.get("/write/"));
}

#[test]
fn event_streams_leave_nothing() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let client = Client::new(web_app(dir.path()));
    assert_flat("SSE from an iterator", |_| client.get("/sse/sync/"));
    assert_flat("SSE from a stream", |_| client.get("/sse/async/"));
}

#[test]
fn websocket_upgrades_leave_nothing() {
    let _turn = turn();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(common::start(app().route("ws/", echo_socket)));
    let addr = server.addr;
    let exchange = || {
        runtime.block_on(async {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream
                .write_all(
                    b"GET /ws/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n\
                      Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
                      Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                )
                .await
                .unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut byte))
                    .await
                    .expect("the upgrade answers within 5 s")
                    .unwrap();
                assert_eq!(n, 1, "the server closed before answering the upgrade");
                head.push(byte[0]);
            }
            assert!(
                head.starts_with(b"HTTP/1.1 101"),
                "{}",
                String::from_utf8_lossy(&head)
            );
            // A masked text frame "hi", read back, then a close frame.
            stream
                .write_all(&[0x81, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2])
                .await
                .unwrap();
            let mut echo = [0u8; 4];
            tokio::time::timeout(Duration::from_secs(5), stream.read_exact(&mut echo))
                .await
                .expect("the echo comes within 5 s")
                .unwrap();
            assert_eq!(&echo, &[0x81, 2, b'h', b'i']);
            stream.write_all(&[0x88, 0x80, 0, 0, 0, 0]).await.unwrap();
            let mut rest = Vec::new();
            let _ =
                tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest)).await;
        })
    };
    for _ in 0..200 {
        exchange();
    }
    let before = live();
    let rounds = 1_000;
    for _ in 0..rounds {
        exchange();
    }
    std::thread::sleep(Duration::from_millis(200));
    let grown = live() - before;
    eprintln!("WebSocket upgrades: {grown} bytes after {rounds} connections");
    assert!(
        grown <= SLACK,
        "WebSocket upgrades: {grown} bytes more allocated after {rounds} connections"
    );
    runtime.block_on(server.stop());
}
