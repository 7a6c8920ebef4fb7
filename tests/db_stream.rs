//! Streaming rows to a client with `db.stream`, against a real SQLite file:
//! 100 000 rows reach the client in order while the process's resident memory
//! grows by far less than the data's size, and a client that disconnects
//! mid-stream gives the connection back to the pool.

mod common;

use std::time::Duration;

use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twain::ByteStream;
use twain::db::{Database, Db, DbError, FromRow, M, Migrations};
use twain::prelude::*;

use common::{raw, rss_bytes, start};

const ROWS: i64 = 100_000;
/// Each row's text: 200 bytes, so the result is ~20 MB.
const WIDTH: usize = 200;

#[derive(FromRow)]
struct Line {
    id: i64,
    text: String,
}

/// A client socket with a small, fixed receive buffer: loopback autotunes
/// receive buffers up to 32 MiB here, enough to swallow the whole result
/// without the server ever waiting, which would test nothing.
async fn small_buffer_client(addr: std::net::SocketAddr) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(64 * 1024).unwrap();
    socket.connect(addr).await.unwrap()
}

#[view]
async fn export(db: Db) -> impl IntoResponse {
    let rows = db.stream::<Line>("SELECT id, text FROM lines ORDER BY id", ());
    ByteStream(rows.map(|row| {
        row.map(|line| format!("{} {}\n", line.id, line.text))
            .map_err(|err| err.to_string())
    }))
}

#[view]
async fn in_use(db: Db) -> String {
    db.connections_in_use().to_string()
}

async fn seeded(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join("lines.db");
    let migrations = Migrations::new(vec![M::up(
        "CREATE TABLE lines (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    )]);
    let db = Database::sqlite(&path)
        .migrations(migrations)
        .open()
        .unwrap();
    db.atomic(|tx| {
        let text = "x".repeat(WIDTH);
        for id in 0..ROWS {
            tx.execute("INSERT INTO lines (id, text) VALUES (?1, ?2)", (id, &text))?;
        }
        Ok::<_, DbError>(())
    })
    .await
    .unwrap();
    // No stall report: its first one loads the binary's debug info (tens of
    // MB of RSS, once), which is not the stream's memory.
    App::new()
        .slow_poll_threshold(std::time::Duration::from_secs(600))
        .database(Database::sqlite(&path).pool_size(4))
        .route("export/", export)
        .route("in-use/", in_use)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_rows_stream_in_bounded_memory() {
    let _serial = common::serial().await; // RSS is the process's: one test at a time
    let dir = tempfile::tempdir().unwrap();
    let server = start(seeded(&dir).await).await;
    let mut stream = small_buffer_client(server.addr).await;
    stream
        .write_all(&raw("GET", "/export/", &[], b""))
        .await
        .unwrap();
    let before = rss_bytes();
    let mut peak = before;
    let data = ROWS as usize * (WIDTH + 7);
    // RSS when half the rows have arrived, and the peak after that.
    let (mut at_half, mut late_peak) = (None, 0);
    let (mut total, mut newlines, mut last) = (0usize, 0usize, Vec::new());
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut buf))
            .await
            .expect("the stream stalled")
            .unwrap();
        if n == 0 {
            break;
        }
        total += n;
        newlines += buf[..n].iter().filter(|b| **b == b'\n').count();
        last = buf[..n].to_vec();
        let rss = rss_bytes();
        peak = peak.max(rss);
        match at_half {
            None if total >= data / 2 => at_half = Some(rss),
            Some(_) => late_peak = late_peak.max(rss),
            None => {}
        }
        // A slow client: the sync side waits instead of buffering.
        if total % (1024 * 1024) < n {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    assert!(
        total > data,
        "read {total} bytes, expected more than {data}"
    );
    // The head's lines and the chunked framing add newlines; every row is one.
    assert!(newlines as i64 > ROWS, "{newlines} lines");
    let tail = String::from_utf8_lossy(&last);
    assert!(
        tail.contains(&format!("{} ", ROWS - 1)),
        "the last row came last"
    );
    let growth = peak.saturating_sub(before);
    let late_growth = late_peak.saturating_sub(at_half.unwrap_or(late_peak));
    eprintln!(
        "streamed {total} bytes; RSS grew {growth} bytes (before {before}), {late_growth} of them in the second half"
    );
    // Buffering the whole result would grow RSS by about all of it; the
    // first rows also warm up what any query needs once (SQLite's page
    // cache, the sync thread, allocator arenas), so the bound that says
    // "memory does not grow with the rows" is on the second half.
    assert!(
        growth < data as u64 / 2,
        "RSS grew {growth} bytes while streaming {data} bytes: rows are being buffered"
    );
    assert!(
        late_growth < data as u64 / 8,
        "RSS grew {late_growth} bytes over the second half of the rows: memory grows with the rows"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_leaves_mid_stream_gives_the_connection_back() {
    let _serial = common::serial().await; // RSS is the process's: one test at a time
    let dir = tempfile::tempdir().unwrap();
    let server = start(seeded(&dir).await).await;
    let addr = server.addr;
    let pool_in_use = || async move { common::http_get(addr, "/in-use/").await.text() };
    assert_eq!(pool_in_use().await, "0");
    let mut stream = small_buffer_client(addr).await;
    stream
        .write_all(&raw("GET", "/export/", &[], b""))
        .await
        .unwrap();
    let mut buf = vec![0u8; 16 * 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(n > 0);
    // The head may come before the sync thread has checked out its connection.
    let mut held = false;
    for _ in 0..200 {
        if pool_in_use().await == "1" {
            held = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(held, "the stream holds a connection while it runs");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        pool_in_use().await,
        "1",
        "the client reads nothing: the stream waits, holding it"
    );
    drop(stream); // the client goes away with ~20 MB unread
    let mut back = false;
    for _ in 0..200 {
        if pool_in_use().await == "0" {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(back, "the connection did not come back to the pool");
    server.stop().await;
}
