//! WebSocket consumers over real sockets (in-process layer, SQLite): a sync
//! consumer saves what a client says with its `Conn` and the group pushes it
//! to every connection; events of one connection run in order, those of
//! different connections in parallel; idle connections hold no sync thread
//! and no database connection; a full mailbox is reported to the consumer;
//! an async consumer does the same work on the workers.

mod common;

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message as Client;
use twain::channels::{
    ChannelSettings, Channels, Incoming, Socket, consume, consume_sync, consumer,
};
use twain::db::{Conn, Database, Db, M, Migrations};
use twain::prelude::*;
use twain::ws::{Message, WebSocketUpgrade};

/// Saves each text it receives, then sends it to the room; forwards the
/// room's messages to its client, and says when some were missed.
struct Chat {
    received: u32,
    pause: Duration,
}

/// Written with `#[consumer]`: `receive` takes the `Conn` it needs.
#[consumer]
impl Chat {
    fn connect(&mut self, socket: &mut Socket) -> Result<(), Error> {
        socket.join("room")?;
        std::thread::sleep(self.pause); // a slow start: the mailbox fills
        socket.send_text("hello");
        Ok(())
    }

    fn receive(&mut self, socket: &mut Socket, message: Message, conn: Conn) -> Result<(), Error> {
        self.received += 1;
        let text = message.to_text().unwrap_or_default().to_owned();
        if text == "sleep" {
            std::thread::sleep(Duration::from_millis(400));
            socket.send_text("slept");
            return Ok(());
        }
        let (id,): (i64,) = conn.query_one(
            "INSERT INTO lines (body) VALUES (?1) RETURNING id",
            (&text,),
        )?;
        socket
            .channels()
            .send("room", &format!("{id}:{text}:{}", self.received))?;
        Ok(())
    }

    fn group(
        &mut self,
        socket: &mut Socket,
        incoming: Incoming,
        _cx: Blocking<'_>,
    ) -> Result<(), Error> {
        match incoming {
            Incoming::Message(m) => socket.send_text(m.json::<String>()?),
            Incoming::Missed { count } => socket.send_text(format!("missed {count}")),
            Incoming::Gap => socket.send_text("gap"),
        }
        Ok(())
    }
}

struct AsyncChat;

#[consumer]
impl AsyncChat {
    async fn connect(&mut self, socket: &mut Socket) -> Result<(), Error> {
        socket.join("room")?;
        socket.send_text("hello");
        Ok(())
    }

    async fn receive(&mut self, socket: &mut Socket, message: Message) -> Result<(), Error> {
        let text = message.to_text().unwrap_or_default().to_owned();
        let db = socket.channels().database().cloned().expect("a database");
        let (id,): (i64,) = db
            .query_one(
                "INSERT INTO lines (body) VALUES (?1) RETURNING id",
                (text.clone(),),
            )
            .await?;
        socket
            .channels()
            .publish("room", &format!("{id}:{text}:async"))
            .await?;
        Ok(())
    }

    async fn group(&mut self, socket: &mut Socket, incoming: Incoming) -> Result<(), Error> {
        if let Incoming::Message(m) = incoming {
            socket.send_text(m.json::<String>()?);
        }
        Ok(())
    }
}

#[view]
async fn chat(ws: WebSocketUpgrade, channels: Channels) -> Response {
    consume_sync(
        ws,
        &channels,
        Chat {
            received: 0,
            pause: Duration::ZERO,
        },
    )
}

#[view]
async fn slow_chat(ws: WebSocketUpgrade, channels: Channels) -> Response {
    consume_sync(
        ws,
        &channels,
        Chat {
            received: 0,
            pause: Duration::from_millis(300),
        },
    )
}

#[view]
async fn async_chat(ws: WebSocketUpgrade, channels: Channels) -> Response {
    consume(ws, &channels, AsyncChat)
}

#[view]
fn say(channels: Channels, text: String) -> Result<&'static str, Error> {
    channels.send("room", &text)?;
    Ok("sent")
}

type Ws = tokio_tungstenite::WebSocketStream<TcpStream>;

async fn connect(addr: std::net::SocketAddr, path: &str) -> Ws {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (ws, _) = tokio_tungstenite::client_async(format!("ws://{addr}{path}"), stream)
        .await
        .unwrap();
    ws
}

async fn next_text(ws: &mut Ws) -> String {
    loop {
        match timeout(Duration::from_secs(5), ws.next()).await {
            Ok(Some(Ok(Client::Text(text)))) => return text.to_string(),
            Ok(Some(Ok(Client::Ping(_) | Client::Pong(_)))) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

async fn server(dir: &tempfile::TempDir, settings: ChannelSettings) -> (common::Server, Db) {
    let db = Database::sqlite(dir.path().join("app.db"))
        .migrations(Migrations::new(vec![M::up(
            "CREATE TABLE lines (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        )]))
        .pool_size(4)
        .open()
        .unwrap();
    let channels = Channels::for_database(&db, settings).unwrap();
    let app = App::new()
        .state(db.clone())
        .state(channels)
        .sync_threads(4)
        .route("ws/", chat)
        .route("slow/", slow_chat)
        .route("async/", async_chat)
        .route("say/<str:text>/", say);
    (common::start(app).await, db)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_consumer_saves_with_its_conn_and_the_group_reaches_everyone() {
    let _serial = common::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let (server, db) = server(&dir, ChannelSettings::default()).await;
    let mut alice = connect(server.addr, "/ws/").await;
    let mut bob = connect(server.addr, "/async/").await;
    assert_eq!(next_text(&mut alice).await, "hello");
    assert_eq!(next_text(&mut bob).await, "hello");

    // In order on one connection; each saved, each pushed to both.
    for n in 1..=20 {
        alice.send(Client::text(format!("line {n}"))).await.unwrap();
    }
    for n in 1..=20 {
        let expected = format!("{n}:line {n}:{n}");
        assert_eq!(next_text(&mut alice).await, expected);
        assert_eq!(next_text(&mut bob).await, expected);
    }
    bob.send(Client::text("from bob")).await.unwrap();
    assert_eq!(next_text(&mut alice).await, "21:from bob:async");
    assert_eq!(next_text(&mut bob).await, "21:from bob:async");
    let (count,): (i64,) = db
        .query_one("SELECT count(*) FROM lines", ())
        .await
        .unwrap();
    assert_eq!(count, 21);

    // Idle connections hold no sync thread and no database connection.
    let idle: Vec<Ws> = {
        let mut idle = Vec::new();
        for _ in 0..50 {
            let mut ws = connect(server.addr, "/ws/").await;
            assert_eq!(next_text(&mut ws).await, "hello");
            idle.push(ws);
        }
        idle
    };
    assert!(
        common::eventually(Duration::from_secs(2), || twain::stats::sync_jobs_running()
            == 0
            && db.connections_in_use() == 0)
        .await,
        "jobs {} connections {}",
        twain::stats::sync_jobs_running(),
        db.connections_in_use()
    );
    let reply = common::http_get(server.addr, "/say/everyone/").await;
    assert_eq!(reply.status, 200);
    assert_eq!(next_text(&mut alice).await, "everyone");
    drop(idle);
    drop((alice, bob));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_run_in_parallel_and_overflow_is_reported() {
    let _serial = common::serial().await;
    let dir = tempfile::tempdir().unwrap();
    let (server, _db) = server(&dir, ChannelSettings::default().mailbox_capacity(3)).await;

    // Two connections each block their handler 400 ms: together, not in turn.
    let mut a = connect(server.addr, "/ws/").await;
    let mut b = connect(server.addr, "/ws/").await;
    assert_eq!(next_text(&mut a).await, "hello");
    assert_eq!(next_text(&mut b).await, "hello");
    let started = Instant::now();
    a.send(Client::text("sleep")).await.unwrap();
    b.send(Client::text("sleep")).await.unwrap();
    assert_eq!(next_text(&mut a).await, "slept");
    assert_eq!(next_text(&mut b).await, "slept");
    let took = started.elapsed();
    assert!(took < Duration::from_millis(750), "{took:?}");

    // A consumer busy in `connect` while ten messages come: three kept, the
    // rest reported.
    let mut slow = connect(server.addr, "/slow/").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    for n in 0..10 {
        let reply = common::http_get(server.addr, &format!("/say/m{n}/")).await;
        assert_eq!(reply.status, 200);
    }
    let mut got = Vec::new();
    for _ in 0..5 {
        got.push(next_text(&mut slow).await);
    }
    assert_eq!(got, ["hello", "m0", "m1", "m2", "missed 7"]);
    drop((a, b, slow));
    server.stop().await;
}
