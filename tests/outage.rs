//! A database that stops answering is answered 503 + `Retry-After` at once
//! (well under 100 ms, not the 5 s checkout wait) while a probe reconnects,
//! with one log line when it goes and one when it is back: a SQLite file
//! that cannot be opened (its folder removed), and a PostgreSQL server
//! behind a TCP proxy this test stops and restarts (`TWAIN_TEST_POSTGRES`;
//! skipped when unset). The shared server itself is never stopped.

mod common;
mod pg_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::net::{TcpListener, TcpStream};
use twain::db::{Conn, Database, Db, DbError};
use twain::prelude::*;

use common::{capture_logs, captured_logs, eventually, http_get, serial, start};

#[view]
fn one(conn: Conn) -> Result<String, DbError> {
    let (n,): (i64,) = conn.query_one("SELECT 1", ())?;
    Ok(n.to_string())
}

/// Holds a connection for 400 ms.
#[view]
fn hold(conn: Conn) -> Result<String, DbError> {
    let (n,): (i64,) = conn.query_one("SELECT 1", ())?;
    std::thread::sleep(Duration::from_millis(400));
    Ok(n.to_string())
}

#[view]
async fn one_async(db: Db) -> Result<String, DbError> {
    let (n,): (i64,) = db.query_one("SELECT 1", ()).await?;
    Ok(n.to_string())
}

fn app(database: Database) -> App {
    App::new()
        .database(database.checkout_wait(Duration::from_secs(5)))
        .sync_threads(8)
        .route("one/", one)
        .route("hold/", hold)
        .route("async/", one_async)
}

trait BodyText {
    fn body_text(&self) -> String;
}

impl BodyText for common::Reply {
    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The median of `times`.
fn p50(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn occurrences(logs: &str, needle: &str) -> usize {
    logs.matches(needle).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_sqlite_file_that_cannot_be_opened_is_a_503_at_once() {
    let _serial = serial().await;
    capture_logs();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("app.db");
    let server = start(app(Database::sqlite(&path).pool_size(8))).await;
    assert_eq!(http_get(server.addr, "/one/").await.body_text(), "1");

    // The file goes away with its folder: the pool's two open connections
    // still work, any new one fails to open.
    std::fs::remove_dir_all(&folder).unwrap();
    // Two holders take the open connections; the third request needs a new one.
    let holders: Vec<_> = (0..2)
        .map(|_| tokio::spawn(http_get(server.addr, "/hold/")))
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let first = http_get(server.addr, "/one/").await;
    let first_took = started.elapsed();
    assert_eq!(first.status, 503, "{}", first.body_text());
    assert_eq!(first.header("retry-after"), Some("1"));
    // The first request waited for one failed connect, not the checkout wait.
    assert!(first_took < Duration::from_secs(1), "{first_took:?}");
    for holder in holders {
        holder.await.unwrap();
    }

    // While it is down, every request is answered at once, sync or async.
    let mut times = Vec::new();
    for path in ["/one/", "/async/"].iter().cycle().take(20) {
        let started = Instant::now();
        let reply = http_get(server.addr, path).await;
        times.push(started.elapsed());
        assert_eq!(reply.status, 503, "{path}: {}", reply.body_text());
        assert_eq!(reply.header("retry-after"), Some("1"));
        assert!(
            reply.body_text().contains("unreachable"),
            "{}",
            reply.body_text()
        );
    }
    let median = p50(times.clone());
    let worst = *times.iter().max().unwrap();
    eprintln!("sqlite outage: 503 p50 {median:?}, max {worst:?}");
    assert!(median < Duration::from_millis(100), "{median:?}");

    // Back: the folder is there again; the probe reconnects.
    std::fs::create_dir(&folder).unwrap();
    let back = Instant::now();
    let mut served = false;
    while back.elapsed() < Duration::from_secs(5) {
        if http_get(server.addr, "/one/").await.status == 200 {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(served, "not serving 5 s after the database came back");
    eprintln!("sqlite outage: serving again {:?} after", back.elapsed());
    let logs = captured_logs();
    let shown = path.display().to_string();
    let lines: Vec<&str> = logs.lines().filter(|l| l.contains(&shown)).collect();
    assert_eq!(
        occurrences(&lines.join("\n"), "the database is unreachable"),
        1,
        "{logs}"
    );
    assert_eq!(
        occurrences(&lines.join("\n"), "the database is back"),
        1,
        "{logs}"
    );
    server.stop().await;
}

/// A TCP proxy in front of the test's PostgreSQL server: `up` false closes
/// every proxied connection and closes each new one at once (the server is
/// unreachable); true forwards again. It keeps its port throughout.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<tokio::sync::Notify>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(tokio::sync::Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    return;
                };
                if !up2.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let target = target.clone();
                let cut = cut2.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    let mut client = client;
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.notified() => {}
                    }
                });
            }
        });
        Proxy { port, up, cut }
    }

    fn stop(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn restart(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_postgres_server_that_goes_away_is_a_503_at_once_then_served_again() {
    let _serial = serial().await;
    capture_logs();
    let Some(url) = pg_common::fresh_schema("outage") else {
        return;
    };
    // The URL's host and port, to point the proxy at.
    let rest = url.split_once('@').unwrap().1;
    let host_port = rest.split('/').next().unwrap().to_owned();
    let proxy = Proxy::start(host_port.clone()).await;
    let proxied = url.replacen(&host_port, &format!("127.0.0.1:{}", proxy.port), 1);
    let server = start(app(Database::from_url(&proxied).pool_size(8))).await;
    assert_eq!(http_get(server.addr, "/one/").await.body_text(), "1");
    assert_eq!(http_get(server.addr, "/async/").await.body_text(), "1");

    proxy.stop();
    // Under load: four clients asking all the time, for 1.5 s.
    let load = |path: &'static str| {
        let addr = server.addr;
        tokio::spawn(async move {
            let mut seen = Vec::new();
            let until = Instant::now() + Duration::from_millis(1500);
            while Instant::now() < until {
                let started = Instant::now();
                let reply = http_get(addr, path).await;
                seen.push((
                    reply.status,
                    reply.header("retry-after").map(str::to_owned),
                    started.elapsed(),
                ));
            }
            seen
        })
    };
    let clients = [
        load("/one/"),
        load("/one/"),
        load("/async/"),
        load("/hold/"),
    ];
    let mut times = Vec::new();
    for client in clients {
        for (status, retry, took) in client.await.unwrap() {
            assert_eq!(status, 503);
            assert_eq!(retry.as_deref(), Some("1"));
            times.push(took);
        }
    }
    let median = p50(times.clone());
    eprintln!(
        "postgres outage: {} requests, 503 p50 {median:?}, max {:?}",
        times.len(),
        times.iter().max().unwrap()
    );
    assert!(median < Duration::from_millis(100), "{median:?}");
    assert!(times.len() > 40, "{} requests in 1.5 s", times.len());

    proxy.restart();
    let back = Instant::now();
    let addr = server.addr;
    let mut served = false;
    while back.elapsed() < Duration::from_secs(5) {
        if http_get(addr, "/one/").await.status == 200
            && http_get(addr, "/async/").await.status == 200
        {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(served, "not serving 5 s after the database came back");
    eprintln!("postgres outage: serving again {:?} after", back.elapsed());
    let port = format!("127.0.0.1:{}", proxy.port);
    assert!(
        eventually(Duration::from_secs(1), || {
            let logs = captured_logs();
            let lines: Vec<&str> = logs.lines().filter(|l| l.contains(&port)).collect();
            occurrences(&lines.join("\n"), "the database is unreachable") == 1
                && occurrences(&lines.join("\n"), "the database is back") == 1
        })
        .await,
        "{}",
        captured_logs()
    );
    server.stop().await;
}
