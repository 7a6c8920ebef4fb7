//! Server-sent events fed by a group, over a real socket (in-process layer,
//! SQLite): a comment saved by a sync view is pushed to an open stream with
//! its id; a browser that reconnects with `Last-Event-ID` gets what it
//! missed replayed from the database, once, and then the live feed.

mod common;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twain::channels::{Channels, LastEventId, group_events};
use twain::db::{Conn, Database, Db, FromRow, M, Migrations};
use twain::prelude::*;
use twain::sse::Event;

#[derive(Serialize, Deserialize, FromRow, Debug)]
struct Comment {
    id: i64,
    body: String,
}

fn event(c: &Comment) -> Event {
    Event::default()
        .event("comment")
        .id(c.id.to_string())
        .json_data(c)
        .unwrap()
}

#[view]
fn post_comment(conn: Conn, channels: Channels, body: String) -> Result<String, Error> {
    let comment = conn.atomic(|tx| -> Result<Comment, Error> {
        let comment: Comment = tx.query_one(
            "INSERT INTO comments (body) VALUES (?1) RETURNING id, body",
            (&body,),
        )?;
        channels.send("comments", &comment)?;
        Ok(comment)
    })?;
    Ok(comment.id.to_string())
}

#[view]
async fn feed(channels: Channels, db: Db, last: LastEventId) -> Result<Response, Error> {
    let feed = channels.join("comments")?;
    feed.ready().await?;
    let missed: Vec<Comment> = match last.as_i64() {
        Some(id) => {
            db.all(
                "SELECT id, body FROM comments WHERE id > ?1 ORDER BY id",
                (id,),
            )
            .await?
        }
        None => Vec::new(),
    };
    let replay = missed.iter().map(event).collect();
    Ok(group_events(feed, replay, |m| {
        m.json::<Comment>().ok().map(|c| event(&c))
    })
    .into_response())
}

/// An open event stream, read as text.
struct Stream {
    socket: TcpStream,
    seen: String,
}

impl Stream {
    async fn open(addr: std::net::SocketAddr, last: Option<&str>) -> Stream {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        let last = last.map_or(String::new(), |id| format!("Last-Event-ID: {id}\r\n"));
        let request = format!("GET /feed/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{last}\r\n");
        socket.write_all(request.as_bytes()).await.unwrap();
        let mut stream = Stream {
            socket,
            seen: String::new(),
        };
        stream.until("retry: 1000").await;
        assert!(stream.seen.starts_with("HTTP/1.1 200"), "{}", stream.seen);
        stream
    }

    /// Reads until `needle` has been seen; returns everything read so far.
    async fn until(&mut self, needle: &str) -> String {
        let mut buf = [0u8; 4096];
        while !self.seen.contains(needle) {
            let n = tokio::time::timeout(Duration::from_secs(5), self.socket.read(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("no {needle:?} in 5 s; seen {:?}", self.seen))
                .unwrap();
            assert!(n > 0, "the stream closed; seen {:?}", self.seen);
            self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        self.seen.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_feeds_a_stream_that_resumes_by_last_event_id() {
    let dir = tempfile::tempdir().unwrap();
    let database =
        Database::sqlite(dir.path().join("app.db")).migrations(Migrations::new(vec![M::up(
            "CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        )]));
    let app = App::new()
        .database(database)
        .route("feed/", feed)
        .route("post/<str:body>/", post_comment);
    let server = common::start(app).await;
    let say = |body: &'static str| async move {
        let reply = common::http_get(server.addr, &format!("/post/{body}/")).await;
        assert_eq!(reply.status, 200, "{:?}", reply.body);
    };

    let mut first = Stream::open(server.addr, None).await;
    say("one").await;
    let seen = first.until("\"one\"").await;
    assert!(
        seen.contains("event: comment\nid: 1\ndata: {\"id\":1,\"body\":\"one\"}"),
        "{seen}"
    );
    drop(first);

    // While no stream is open, two comments; the browser comes back with
    // the last id it saw and gets both, then a live one.
    say("two").await;
    say("three").await;
    let mut again = Stream::open(server.addr, Some("1")).await;
    let seen = again.until("\"three\"").await;
    assert!(!seen.contains("\"one\""), "{seen}");
    assert!(seen.find("\"two\"") < seen.find("\"three\""), "{seen}");
    say("four").await;
    let seen = again.until("\"four\"").await;
    assert_eq!(seen.matches("\"three\"").count(), 1, "{seen}");
    drop(again);
    server.stop().await;
}
