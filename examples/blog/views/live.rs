//! The live feed: every new comment as a server-sent event, as it is posted.
//! The article page listens to it with `EventSource`.

use std::time::Duration;

use serde::Deserialize;
use twain::futures::stream;
use twain::prelude::*;
use twain::sse::{Event, KeepAlive, Sse};
use twain::tokio::sync::broadcast::error::RecvError;

use crate::feed::Feed;
use crate::views::articles::comment_context;

#[derive(Deserialize)]
pub struct Filter {
    /// Only the comments of this article.
    article: Option<i64>,
}

/// Async: it waits for comments for as long as the client listens, holding
/// no thread while it waits.
#[view]
pub async fn comments(feed: State<Feed>, filter: Query<Filter>) -> impl IntoResponse {
    let only = filter.0.article;
    let events = stream::unfold(feed.subscribe(), move |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(comment) if only.is_none_or(|id| id == comment.article_id) => {
                    let event = Event::default()
                        .event("comment")
                        .id(comment.id.to_string())
                        .json_data(&comment_context(&comment));
                    return Some((event, receiver));
                }
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
