//! The live feed of new comments: a view or the WebSocket consumer that
//! saves a comment sends it to the channel group `comments`, and every open
//! `/feed/` stream and `/ws/comments/` socket receives it — on every process
//! of the site when they share a PostgreSQL database (`LISTEN/NOTIFY`), in
//! this process on SQLite.

use serde::{Deserialize, Serialize};
use twain::channels::{ChannelError, Channels};
use twain::sse::Event;

use crate::models::Comment;
use crate::views::articles::comment_context;

/// The group every new comment is sent to.
pub const GROUP: &str = "comments";

/// A new comment as the feed sends it: what the page shows, and its article.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct FeedComment {
    pub id: i64,
    pub article_id: i64,
    pub author: String,
    pub body: String,
    pub date: String,
}

impl FeedComment {
    pub fn of(comment: &Comment) -> Self {
        let view = comment_context(comment);
        FeedComment {
            id: view.id,
            article_id: comment.article_id,
            author: view.author,
            body: view.body,
            date: view.date,
        }
    }

    /// The server-sent event: its id is the comment's, so a browser that
    /// reconnects says where it stopped (`Last-Event-ID`).
    pub fn event(&self) -> Event {
        Event::default()
            .event("comment")
            .id(self.id.to_string())
            .json_data(self)
            .expect("a comment serialises")
    }
}

/// Sends a saved comment to every reader. In a transaction, it goes when
/// the transaction commits.
pub fn publish(channels: &Channels, comment: &Comment) -> Result<(), ChannelError> {
    channels.send(GROUP, &FeedComment::of(comment))
}
