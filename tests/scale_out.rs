//! Scale-out on one PostgreSQL (`TWAIN_TEST_POSTGRES`; skips with a message
//! when it is unset, fails when `TWAIN_REQUIRE_POSTGRES=1`): three app
//! **processes** on three ports of 127.0.0.1 (this test binary re-executed as
//! `scale_out_child`; each binds port 0 and says where), and a client
//! spreading requests round-robin over them — writes, reads, a session that
//! moves from process to process (the database session store), and
//! concurrent updates of one row under atomic requests (`n = n + 1`, and a
//! read-modify-write with `SELECT … FOR UPDATE`). Midway one process is sent
//! SIGTERM, drains, and is started again on a new port, which the client's
//! list of upstreams then names, while the client does what a load
//! balancer's `proxy_next_upstream error` does: a request that found no
//! listener (refused, or reset before any byte of an answer) goes to the
//! next process. Expected: 0 failed requests, 0 lost or doubled writes, 0
//! broken sessions, every count equal to what was sent.

mod child_addr;
mod pg_common;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twain::db::{Conn, Database, Db, DbError, DbSessionStore};
use twain::prelude::*;
use twain::web::{Session, SessionConfig};

const CHILD: &str = "TWAIN_SCALE_OUT_CHILD";
/// Client tasks running at once, and requests each sends.
const CLIENTS: usize = 6;
const ROUNDS: usize = 120;

const MIGRATIONS: &[&str] = &["CREATE TABLE writes (id BIGSERIAL PRIMARY KEY, client INTEGER NOT NULL, seq INTEGER NOT NULL, pid INTEGER NOT NULL, UNIQUE (client, seq));
     CREATE TABLE counters (name TEXT PRIMARY KEY, n BIGINT NOT NULL);
     INSERT INTO counters VALUES ('add', 0), ('rmw', 0);"];

// ---- the app each child process serves ----

#[derive(serde::Deserialize)]
struct Write {
    client: i32,
    seq: i32,
}

#[view]
fn write(conn: Conn, Query(w): Query<Write>) -> Result<String, DbError> {
    let (id,): (i64,) = conn.query_one(
        "INSERT INTO writes (client, seq, pid) VALUES (?1, ?2, ?3) RETURNING id",
        (w.client, w.seq, std::process::id()),
    )?;
    // Long enough that a SIGTERM finds requests in flight.
    std::thread::sleep(Duration::from_millis(20));
    Ok(id.to_string())
}

#[view]
async fn count(db: Db) -> Result<String, DbError> {
    let (n,): (i64,) = db.query_one("SELECT count(*) FROM writes", ()).await?;
    Ok(n.to_string())
}

#[view]
fn add(conn: Conn) -> Result<&'static str, DbError> {
    conn.execute("UPDATE counters SET n = n + 1 WHERE name = 'add'", ())?;
    Ok("ok")
}

#[view]
fn read_modify_write(conn: Conn) -> Result<String, DbError> {
    // In the atomic request's transaction: the row stays locked to the end.
    let (n,): (i64,) =
        conn.query_one("SELECT n FROM counters WHERE name = 'rmw' FOR UPDATE", ())?;
    std::thread::sleep(Duration::from_millis(2));
    conn.execute("UPDATE counters SET n = ?1 WHERE name = 'rmw'", (n + 1,))?;
    Ok((n + 1).to_string())
}

#[view]
fn visit(session: Session) -> Result<String, Error> {
    let n = session.get::<u64>("visits").unwrap_or(0) + 1;
    session.insert("visits", n)?;
    Ok(format!("{n} {}", std::process::id()))
}

/// Run by the parent as a child process (`--ignored --exact scale_out_child`,
/// with `TWAIN_SCALE_OUT_CHILD` set): serves the app on a port of its own,
/// which it writes on stdout, until SIGTERM, then drains and exits.
#[test]
#[ignore = "a child process of `three_processes_one_database_round_robin_with_a_restart`"]
fn scale_out_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let db = Database::from_env()
        .postgres_migrations(MIGRATIONS.iter().copied())
        .atomic_requests(true)
        .pool_size(6)
        .open()
        .expect("the database opens");
    let app = App::new()
        .state(db.clone())
        .state(SessionConfig::new(DbSessionStore::new(db)))
        .sync_threads(8)
        .route("write/", write)
        .route("count/", count)
        .route("add/", add)
        .route("rmw/", read_modify_write)
        .route("visit/", visit);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        child_addr::announce(listener.local_addr().unwrap());
        app.serve(listener).await.unwrap();
    });
}

// ---- the parent: processes and the client ----

/// Where each process listens; `None` while one is down between a stop and
/// its restart. The client reads it before each attempt, as a load balancer
/// reads its list of upstreams.
#[derive(Clone)]
struct Upstreams(Arc<RwLock<Vec<Option<SocketAddr>>>>);

impl Upstreams {
    fn get(&self, i: usize) -> Option<SocketAddr> {
        self.0.read().unwrap()[i]
    }

    fn set(&self, i: usize, addr: Option<SocketAddr>) {
        self.0.write().unwrap()[i] = addr;
    }

    fn len(&self) -> usize {
        self.0.read().unwrap().len()
    }
}

/// The children, killed (and reaped) on every way out of the test.
struct Processes {
    url: String,
    children: Vec<Option<Child>>,
}

impl Processes {
    /// Starts a child; [`listening_addr`] waits for where it listens.
    fn spawn(&self) -> Child {
        Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "scale_out_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("DATABASE_URL", &self.url)
            .env(
                "TWAIN_SECRET_KEY",
                "scale-out-test-key-of-at-least-32-bytes-long",
            )
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the child process starts")
    }

    /// Where child `i` listens, once it says (within 30 s: it migrates first).
    async fn listening_addr(&mut self, i: usize) -> SocketAddr {
        let child = self.children[i].as_mut().unwrap();
        let stdout = child.stdout.take().unwrap();
        tokio::task::spawn_blocking(move || {
            child_addr::listening_addr(stdout, Duration::from_secs(30))
        })
        .await
        .unwrap()
    }

    fn sigterm(&self, i: usize) {
        let pid = self.children[i].as_ref().unwrap().id();
        let status = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        for child in self.children.iter_mut().flatten() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One answer: status, `Set-Cookie` session value, body.
struct Answer {
    status: u16,
    cookie: Option<String>,
    body: String,
}

/// Sends one request to `addr`; `None` when nothing answered (refused, or
/// closed before any byte of a response): the request never reached a view.
async fn try_once(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Option<Answer> {
    let mut stream = TcpStream::connect(addr).await.ok()?;
    let cookie = cookie.map_or_else(String::new, |c| format!("Cookie: sessionid={c}\r\n"));
    let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n{cookie}\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut bytes)).await;
    match read {
        Ok(Ok(_)) if !bytes.is_empty() => {}
        Ok(Err(_)) if bytes.is_empty() => return None,
        Ok(Ok(_)) => return None,
        // An answer that broke off midway, or none in 30 s: a failed request.
        _ => {
            return Some(Answer {
                status: 0,
                cookie: None,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cookie = head
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .find_map(|c| c.strip_prefix("sessionid="))
        .map(|c| c.split(';').next().unwrap().to_owned());
    Some(Answer {
        status,
        cookie,
        body: body.to_owned(),
    })
}

#[derive(Default)]
struct Tally {
    sent: AtomicU64,
    failed: AtomicU64,
    retried: AtomicU64,
}

/// Sends `path` to process `start`, moving on to the next on "no listener"
/// (or none known: a process between its stop and its restart).
async fn send(
    upstreams: &Upstreams,
    start: usize,
    path: &str,
    cookie: Option<&str>,
    tally: &Tally,
) -> Answer {
    let n = upstreams.len();
    for attempt in 0..(3 * n * 20) {
        let upstream = upstreams.get((start + attempt) % n);
        let answer = match upstream {
            Some(addr) => try_once(addr, path, cookie).await,
            None => None,
        };
        if let (Some(answer), Some(addr)) = (answer, upstream) {
            tally.sent.fetch_add(1, Ordering::Relaxed);
            if answer.status != 200 {
                tally.failed.fetch_add(1, Ordering::Relaxed);
                eprintln!("{path} on {addr}: {} {}", answer.status, answer.body);
            }
            return answer;
        }
        tally.retried.fetch_add(1, Ordering::Relaxed);
        if attempt % n == n - 1 {
            tokio::time::sleep(Duration::from_millis(50)).await; // all three down: wait
        }
    }
    panic!("no process answered {path}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_one_database_round_robin_with_a_restart() {
    let Some(url) = pg_common::fresh_schema("scaleout") else {
        return;
    };
    let started = Instant::now();
    let mut procs = Processes {
        url,
        children: Vec::new(),
    };
    // All three at once: their migrations race, and run once.
    for _ in 0..3 {
        let child = procs.spawn();
        procs.children.push(Some(child));
    }
    let mut addrs = Vec::new();
    for i in 0..3 {
        addrs.push(Some(procs.listening_addr(i).await));
    }
    let upstreams = Upstreams(Arc::new(RwLock::new(addrs)));

    let tally = Arc::new(Tally::default());
    let done = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let (upstreams, tally, done) = (upstreams.clone(), tally.clone(), done.clone());
        clients.push(tokio::spawn(async move {
            let mut cookie: Option<String> = None;
            let (mut writes, mut adds, mut rmws, mut visits) = (0u64, 0u64, 0u64, 0u64);
            let mut broken_sessions = 0u64;
            let mut pids = std::collections::HashSet::new();
            for round in 0..ROUNDS {
                let start = client + round; // round-robin over the processes
                let path = match round % 4 {
                    0 => format!("/write/?client={client}&seq={round}"),
                    1 => "/add/".to_owned(),
                    2 => "/rmw/".to_owned(),
                    _ => "/visit/".to_owned(),
                };
                let answer = send(&upstreams, start, &path, cookie.as_deref(), &tally).await;
                if answer.status != 200 {
                    continue;
                }
                match round % 4 {
                    0 => writes += 1,
                    1 => adds += 1,
                    2 => rmws += 1,
                    _ => {
                        visits += 1;
                        let (n, pid) = answer.body.split_once(' ').unwrap();
                        if n.parse::<u64>().unwrap() != visits {
                            broken_sessions += 1;
                        }
                        pids.insert(pid.to_owned());
                        if let Some(c) = answer.cookie {
                            cookie = Some(c);
                        }
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            (writes, adds, rmws, broken_sessions, pids.len())
        }));
    }

    // A fifth of the way in: SIGTERM process 1, let it drain, start it again.
    let total = CLIENTS * ROUNDS;
    while done.load(Ordering::Relaxed) < total / 5 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    procs.sigterm(1);
    let mut old = procs.children[1].take().unwrap();
    let exited = tokio::task::spawn_blocking(move || old.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(
        exited.success(),
        "the drained process exited cleanly: {exited}"
    );
    upstreams.set(1, None);
    let restarted = procs.spawn();
    let new_pid = restarted.id();
    procs.children[1] = Some(restarted);
    upstreams.set(1, Some(procs.listening_addr(1).await));
    let restarted_at = done.load(Ordering::Relaxed);

    let (mut writes, mut adds, mut rmws, mut broken, mut spread) = (0, 0, 0, 0, usize::MAX);
    for client in clients {
        let (w, a, r, b, p) = client.await.unwrap();
        writes += w;
        adds += a;
        rmws += r;
        broken += b;
        spread = spread.min(p);
    }

    // What the database holds, read through one of the processes.
    let read = |path: &'static str| {
        let (upstreams, tally) = (upstreams.clone(), tally.clone());
        async move { send(&upstreams, 0, path, None, &tally).await.body }
    };
    let stored: u64 = read("/count/").await.parse().unwrap();
    let db = Database::from_url(&procs.url).open().unwrap();
    let (add_n, rmw_n, doubled): (i64, i64, i64) = db
        .query_one(
            "SELECT (SELECT n FROM counters WHERE name = 'add'), (SELECT n FROM counters WHERE name = 'rmw'),
                    (SELECT count(*) - count(DISTINCT (client, seq)) FROM writes)",
            (),
        )
        .await
        .unwrap();
    let (versions,): (i64,) = db
        .query_one("SELECT count(*) FROM twain_migrations", ())
        .await
        .unwrap();
    let (by_new,): (i64,) = db
        .query_one("SELECT count(*) FROM writes WHERE pid = ?1", (new_pid,))
        .await
        .unwrap();
    eprintln!(
        "scale-out: {} requests over 3 processes in {:?}, {} retried on the next process, {} failed; \
         restart after {} answers, {by_new} writes by the restarted process; writes {writes}/{stored}, add {adds}/{add_n}, rmw {rmws}/{rmw_n}, \
         broken sessions {broken}, each session seen by >= {spread} processes",
        tally.sent.load(Ordering::Relaxed),
        started.elapsed(),
        tally.retried.load(Ordering::Relaxed),
        tally.failed.load(Ordering::Relaxed),
        restarted_at,
    );
    assert_eq!(tally.failed.load(Ordering::Relaxed), 0, "0 failed requests");
    let per_kind = (CLIENTS * ROUNDS / 4) as u64;
    assert_eq!(
        (writes, adds, rmws),
        (per_kind, per_kind, per_kind),
        "every request answered 200"
    );
    assert_eq!(stored, writes, "0 lost writes");
    assert_eq!(doubled, 0, "0 doubled writes");
    assert_eq!(
        (add_n as u64, rmw_n as u64),
        (adds, rmws),
        "concurrent updates of one row all counted"
    );
    assert_eq!(broken, 0, "0 broken sessions");
    assert!(spread >= 2, "each session moved between processes");
    assert_eq!(
        versions, 1,
        "three processes starting together migrated once"
    );
    assert!(by_new > 0, "the restarted process took requests again");
    drop(db);
}
