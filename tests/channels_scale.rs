//! Channels across processes on one PostgreSQL (`TWAIN_TEST_POSTGRES`;
//! skips with a message when it is unset): three app processes (this test
//! binary re-executed as `channels_child`), each with an SSE stream and a
//! sync consumer's WebSocket open on it. A note saved by a sync view on
//! one process and one by an async view on another reach all six; a note
//! whose transaction rolls back reaches none. Then every process's
//! listening connection is killed (`pg_terminate_backend`) and a note is
//! saved while they reconnect: each socket is told of the gap, each stream
//! ends, and reconnecting with `Last-Event-ID` replays the note from the
//! database — once — after which live delivery goes on everywhere.

mod child_addr;
mod pg_common;

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message as Client;
use twain::channels::{
    Channels, Incoming, LastEventId, Socket, SyncConsumer, consume_sync, group_events,
};
use twain::db::{Conn, Database, Db};
use twain::prelude::*;
use twain::sse::Event;
use twain::ws::{Message, WebSocketUpgrade};

use child_addr::KillOnDrop;

const CHILD: &str = "TWAIN_CHANNELS_CHILD";
const MIGRATIONS: &[&str] = &["CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)"];

// ---- the app each child process serves ----

#[derive(serde::Serialize, serde::Deserialize, twain::db::FromRow)]
struct Note {
    id: i64,
    body: String,
}

fn event(note: &Note) -> Event {
    Event::default().id(note.id.to_string()).data(&note.body)
}

/// Sync: saves and sends in one transaction.
#[view]
fn sync_note(conn: Conn, channels: Channels, body: String) -> Result<String, Error> {
    let note = conn.atomic(|tx| -> Result<Note, Error> {
        let note: Note = tx.query_one(
            "INSERT INTO notes (body) VALUES (?1) RETURNING id, body",
            (&body,),
        )?;
        channels.send("notes", &note)?;
        Ok(note)
    })?;
    Ok(note.id.to_string())
}

/// Async: saves, then publishes (waiting for its NOTIFY).
#[view]
async fn async_note(db: Db, channels: Channels, body: String) -> Result<String, Error> {
    let note: Note = db
        .query_one(
            "INSERT INTO notes (body) VALUES ($1) RETURNING id, body",
            (body,),
        )
        .await?;
    channels.publish("notes", &note).await?;
    Ok(note.id.to_string())
}

/// Saves and sends, then rolls back.
#[view]
fn rolled_back(conn: Conn, channels: Channels, body: String) -> Result<String, Error> {
    conn.atomic(|tx| -> Result<String, Error> {
        let note: Note = tx.query_one(
            "INSERT INTO notes (body) VALUES (?1) RETURNING id, body",
            (&body,),
        )?;
        channels.send("notes", &note)?;
        Err(Error::new(StatusCode::CONFLICT, "rolled back"))
    })
}

#[view]
async fn note_feed(channels: Channels, db: Db, last: LastEventId) -> Result<Response, Error> {
    let member = channels.join("notes")?;
    member.ready().await?;
    let missed: Vec<Note> = match last.as_i64() {
        Some(id) => {
            db.all(
                "SELECT id, body FROM notes WHERE id > $1 ORDER BY id",
                (id,),
            )
            .await?
        }
        None => Vec::new(),
    };
    let replay = missed.iter().map(event).collect();
    Ok(group_events(member, replay, |m| m.json::<Note>().ok().map(|n| event(&n))).into_response())
}

struct Reader;

impl SyncConsumer for Reader {
    fn connect(&mut self, socket: &mut Socket, _cx: Blocking<'_>) -> Result<(), Error> {
        socket.join("notes")?;
        socket.send_text("joined");
        Ok(())
    }
    fn receive(&mut self, _: &mut Socket, _: Message, _cx: Blocking<'_>) -> Result<(), Error> {
        Ok(())
    }
    fn group(
        &mut self,
        socket: &mut Socket,
        incoming: Incoming,
        _cx: Blocking<'_>,
    ) -> Result<(), Error> {
        match incoming {
            Incoming::Message(m) => socket.send_text(m.json::<Note>()?.body),
            Incoming::Gap => socket.send_text("gap"),
            Incoming::Missed { count } => socket.send_text(format!("missed {count}")),
        }
        Ok(())
    }
}

#[view]
async fn reader(ws: WebSocketUpgrade, channels: Channels) -> Response {
    consume_sync(ws, &channels, Reader)
}

#[test]
#[ignore = "a child process of `three_processes_deliver_and_catch_up`"]
fn channels_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let app = App::new()
        .database(
            Database::from_env()
                .postgres_migrations(MIGRATIONS.iter().copied())
                .pool_size(4),
        )
        .route("sync/<str:body>/", sync_note)
        .route("async/<str:body>/", async_note)
        .route("rollback/<str:body>/", rolled_back)
        .route("feed/", note_feed)
        .route("ws/", reader);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        child_addr::announce(listener.local_addr().unwrap());
        app.serve(listener).await.unwrap();
    });
}

// ---- the parent ----

const LIMIT: Duration = Duration::from_secs(10);

async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    timeout(LIMIT, stream.read_to_string(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let status = answer[9..12].parse().unwrap();
    (status, answer)
}

/// An open event stream, read as raw text.
struct Feed {
    socket: TcpStream,
    seen: String,
}

impl Feed {
    async fn open(addr: SocketAddr, last: Option<&str>) -> Feed {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        let last = last.map_or(String::new(), |id| format!("Last-Event-ID: {id}\r\n"));
        let request = format!("GET /feed/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{last}\r\n");
        socket.write_all(request.as_bytes()).await.unwrap();
        let mut feed = Feed {
            socket,
            seen: String::new(),
        };
        feed.until("retry: 1000").await;
        feed
    }

    async fn until(&mut self, needle: &str) -> String {
        let mut buf = [0u8; 4096];
        while !self.seen.contains(needle) {
            let n = timeout(LIMIT, self.socket.read(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("no {needle:?}; seen {:?}", self.seen))
                .unwrap();
            assert!(n > 0, "closed before {needle:?}; seen {:?}", self.seen);
            self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        self.seen.clone()
    }
}

type Ws = tokio_tungstenite::WebSocketStream<TcpStream>;

async fn open_ws(addr: SocketAddr) -> Ws {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(format!("ws://{addr}/ws/"), stream)
        .await
        .unwrap();
    assert_eq!(next_text(&mut ws).await, "joined");
    ws
}

async fn next_text(ws: &mut Ws) -> String {
    loop {
        match timeout(LIMIT, ws.next()).await {
            Ok(Some(Ok(Client::Text(text)))) => return text.to_string(),
            Ok(Some(Ok(Client::Ping(_) | Client::Pong(_)))) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_deliver_and_catch_up() {
    let Some(url) = pg_common::fresh_schema("channels_scale") else {
        return;
    };
    let mut children = Vec::new();
    let mut addrs = Vec::new();
    for _ in 0..3 {
        let mut child = KillOnDrop(
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--ignored",
                    "--exact",
                    "channels_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD, "1")
                .env("DATABASE_URL", &url)
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap(),
        );
        let stdout = child.0.stdout.take().unwrap();
        let addr = tokio::task::spawn_blocking(move || {
            child_addr::listening_addr(stdout, Duration::from_secs(30))
        })
        .await
        .unwrap();
        children.push(child);
        addrs.push(addr);
    }
    let mut feeds = Vec::new();
    let mut sockets = Vec::new();
    for &addr in &addrs {
        feeds.push(Feed::open(addr, None).await);
        sockets.push(open_ws(addr).await);
    }

    let (status, _) = get(addrs[0], "/sync/from-sync/").await;
    assert_eq!(status, 200);
    let (status, _) = get(addrs[2], "/rollback/never/").await;
    assert_eq!(status, 409);
    let (status, _) = get(addrs[1], "/async/from-async/").await;
    assert_eq!(status, 200);
    for feed in &mut feeds {
        let seen = feed.until("from-async").await;
        assert!(seen.contains("id: 1\ndata: from-sync"), "{seen}");
        assert!(!seen.contains("never"), "{seen}");
    }
    for ws in &mut sockets {
        assert_eq!(next_text(ws).await, "from-sync");
        assert_eq!(next_text(ws).await, "from-async");
    }

    // Every listener killed; a note saved while they come back.
    let db = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || Database::postgres(url).pool_size(1).open().unwrap())
            .await
            .unwrap()
    };
    let killed: Vec<(bool,)> = db
        .all(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'twain channels listener' AND datname = current_database()",
            (),
        )
        .await
        .unwrap();
    assert!(killed.len() >= 3, "{killed:?}");
    let (status, _) = get(addrs[0], "/sync/during-the-gap/").await;
    assert_eq!(status, 200);

    // Sockets are told; streams end and catch up by Last-Event-ID.
    for ws in &mut sockets {
        let mut got = next_text(ws).await;
        if got == "during-the-gap" {
            got = next_text(ws).await; // sent after that listener was back
        }
        assert_eq!(got, "gap");
    }
    for (feed, &addr) in feeds.iter_mut().zip(&addrs) {
        let before = feed.until("\r\n0\r\n\r\n").await;
        let mut again = Feed::open(addr, Some("3")).await;
        let seen = again.until("during-the-gap").await;
        assert!(!before.contains("during-the-gap"), "{before}");
        assert!(seen.contains("id: 4\ndata: during-the-gap"), "{seen}");
        *feed = again;
    }
    let (status, _) = get(addrs[2], "/async/after/").await;
    assert_eq!(status, 200);
    for feed in &mut feeds {
        let seen = feed.until("data: after").await;
        assert_eq!(seen.matches("during-the-gap").count(), 1, "{seen}");
    }
    for ws in &mut sockets {
        let mut got = next_text(ws).await;
        if got == "during-the-gap" {
            got = next_text(ws).await;
        }
        assert_eq!(got, "after");
    }
    drop(children);
}
