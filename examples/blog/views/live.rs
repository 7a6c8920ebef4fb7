//! The live feed, through the channel group `comments` (`feed.rs`): every
//! new comment as a server-sent event (`/feed/`, which the article page
//! listens to with `EventSource`), and a WebSocket (`/ws/comments/`) that
//! both receives the feed and posts comments, saved by a sync consumer with
//! its own database connection.

use std::time::Duration;

use serde::Deserialize;
use twain::HeaderMap;
use twain::channels::{
    Channels, Incoming, LastEventId, Socket, SyncConsumer, consume_sync, group_events,
};
use twain::db::Db;
use twain::prelude::*;
use twain::serde_json;
use twain::sse::KeepAlive;
use twain::ws::{Message, WebSocketUpgrade};

use crate::feed::{self, FeedComment};
use crate::models::{self, Comment};

#[derive(Deserialize)]
pub struct Filter {
    /// Only the comments of this article.
    article: Option<i64>,
}

/// Async: it waits for comments for as long as the client listens, holding
/// no thread while it waits. A browser that reconnects sends the id of the
/// last comment it got (`Last-Event-ID`): those posted since are read from
/// the database and sent first, so a restart or a dropped connection loses
/// none.
#[view]
pub async fn comments(
    channels: Channels,
    db: Db,
    filter: Query<Filter>,
    last: LastEventId,
) -> Result<impl IntoResponse, Error> {
    let only = filter.0.article;
    let member = channels.join(feed::GROUP)?;
    // Listening before reading what was missed; a database that is down
    // does not hold the page (the stream catches up when it reconnects).
    let _ = twain::tokio::time::timeout(Duration::from_secs(2), member.ready()).await;
    let missed: Vec<Comment> = match last.as_i64() {
        Some(after) => {
            db.all(
                "SELECT id, article_id, author, body, created_at FROM comments WHERE id > ?1 ORDER BY id LIMIT 500",
                (after,),
            )
            .await?
        }
        None => Vec::new(),
    };
    let wanted = move |c: &FeedComment| only.is_none_or(|id| id == c.article_id);
    let replay = missed
        .iter()
        .map(FeedComment::of)
        .filter(wanted)
        .map(|c| c.event())
        .collect();
    let events = group_events(member, replay, move |message| {
        let comment: FeedComment = message.json().ok()?;
        wanted(&comment).then(|| comment.event())
    });
    Ok(events.keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// A comment posted over the WebSocket.
#[derive(Deserialize)]
struct Posted {
    article: i64,
    author: String,
    body: String,
}

/// One reader's socket: it receives the feed (as JSON text, the comments
/// of its article only when it asked for one) and may post comments.
/// Sync: each message is saved on a sync thread with a connection of the
/// pool, checked out for that message only; an idle socket holds neither.
struct CommentSocket {
    only: Option<i64>,
}

impl SyncConsumer for CommentSocket {
    fn connect(&mut self, socket: &mut Socket, _cx: Blocking<'_>) -> Result<(), Error> {
        socket.join(feed::GROUP)?;
        Ok(())
    }

    fn receive(
        &mut self,
        socket: &mut Socket,
        message: Message,
        cx: Blocking<'_>,
    ) -> Result<(), Error> {
        let posted: Posted = match serde_json::from_str(message.to_text().unwrap_or_default()) {
            Ok(posted) => posted,
            Err(err) => {
                socket.send_json(&serde_json::json!({ "error": err.to_string() }))?;
                return Ok(());
            }
        };
        let (author, body) = (posted.author.trim(), posted.body.trim());
        if author.is_empty() || body.is_empty() {
            socket
                .send_json(&serde_json::json!({ "error": "a comment needs a name and a text" }))?;
            return Ok(());
        }
        let conn = socket.conn(cx)?;
        let comment = conn.atomic(|tx| -> Result<Comment, Error> {
            models::article(tx, posted.article)?;
            let comment: Comment = tx.query_one(
                "INSERT INTO comments (article_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4) \
                 RETURNING id, article_id, author, body, created_at",
                (posted.article, author, body, models::now()),
            )?;
            // Sent when the transaction commits.
            feed::publish(socket.channels(), &comment)?;
            Ok(comment)
        });
        match comment {
            Ok(comment) => socket.send_json(&serde_json::json!({ "saved": comment.id })),
            Err(err) if err.status().is_client_error() => {
                socket.send_json(&serde_json::json!({ "error": err.message() }))
            }
            Err(err) => Err(err),
        }
    }

    fn group(
        &mut self,
        socket: &mut Socket,
        incoming: Incoming,
        _cx: Blocking<'_>,
    ) -> Result<(), Error> {
        match incoming {
            Incoming::Message(message) => {
                let comment: FeedComment = message.json()?;
                if self.only.is_none_or(|id| id == comment.article_id) {
                    socket.send_json(&comment)?;
                }
            }
            // Some comments may not have come: the page reloads them.
            Incoming::Missed { .. } | Incoming::Gap => {
                socket.send_json(&serde_json::json!({ "reload": true }))?;
            }
        }
        Ok(())
    }
}

/// Async (a socket lives on the async workers); the consumer it serves is
/// sync. Only pages of this site may open it (`Origin`).
#[view]
pub async fn comment_socket(
    ws: WebSocketUpgrade,
    channels: Channels,
    filter: Query<Filter>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let host = headers.get("host").and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get("origin").and_then(|o| o.to_str().ok()) {
        let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        if Some(origin_host) != host {
            return Err(Error::new(
                StatusCode::FORBIDDEN,
                "a WebSocket from another site",
            ));
        }
    }
    Ok(consume_sync(
        ws,
        &channels,
        CommentSocket {
            only: filter.0.article,
        },
    ))
}
