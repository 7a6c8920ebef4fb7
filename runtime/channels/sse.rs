//! Server-sent events fed by a group, resumable: [`group_events`] sends
//! what the view replays from its database (what a browser reconnecting
//! with `Last-Event-ID` missed), then each message of the group as the
//! view maps it to an [`Event`]. Numeric event ids make it exact: a live
//! message whose id is not above the last one sent is skipped, so the
//! overlap between the replay and the live feed is sent once. When the
//! layer reports a gap or an overflow the stream ends; the browser
//! reconnects (after the `retry` sent first, 1 s) with the last id it saw,
//! and the view replays again.

use std::pin::Pin;
use std::time::Duration;

use futures_util::Stream;
use http::header::HeaderName;

use crate::core::{Request, Response};
use crate::extract::FromRequest;
use crate::respond::sse::{Event, Sse};

use super::layer::Subscription;
use super::message::{Envelope, Incoming};

/// The stream [`group_events`] answers with.
pub type GroupStream = Pin<Box<dyn Stream<Item = Event> + Send>>;

/// The browser's `Last-Event-ID` header, as a view argument: the id of
/// the last event it received before it reconnected, if any.
#[derive(Clone, Debug, Default)]
pub struct LastEventId(pub Option<String>);

impl LastEventId {
    /// The id as a number (database ids), if it is one.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_deref().and_then(|id| id.trim().parse().ok())
    }
}

impl FromRequest for LastEventId {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        let name = HeaderName::from_static("last-event-id");
        Ok(LastEventId(
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        ))
    }
}

/// An event stream from `subscription`: first `replay` (what the view read
/// from its database after the subscription was [ready](Subscription::ready)),
/// then each message of its groups mapped by `map` (`None` skips one).
///
/// ```no_run
/// use twain::channels::{Channels, LastEventId, group_events};
/// use twain::db::Db;
/// use twain::prelude::*;
/// use twain::sse::Event;
///
/// #[derive(serde::Serialize, serde::Deserialize, twain::db::FromRow)]
/// struct Comment { id: i64, body: String }
///
/// fn event(c: &Comment) -> Event {
///     Event::default().event("comment").id(c.id.to_string()).json_data(c).unwrap()
/// }
///
/// #[view]
/// async fn feed(channels: Channels, db: Db, last: LastEventId) -> Result<Response, Error> {
///     let feed = channels.join("comments")?;
///     feed.ready().await?;                       // listening before reading
///     let missed: Vec<Comment> = match last.as_i64() {
///         Some(id) => db.all("SELECT id, body FROM comments WHERE id > $1 ORDER BY id", (id,)).await?,
///         None => Vec::new(),
///     };
///     let replay = missed.iter().map(event).collect();
///     Ok(group_events(feed, replay, |m| m.json::<Comment>().ok().map(|c| event(&c))).into_response())
/// }
/// ```
pub fn group_events<F>(subscription: Subscription, replay: Vec<Event>, map: F) -> Sse<GroupStream>
where
    F: FnMut(Envelope) -> Option<Event> + Send + 'static,
{
    let mut last = None;
    let mut first = vec![Event::default().retry(Duration::from_secs(1))];
    for event in replay {
        note_id(&mut last, &event);
        first.push(event);
    }
    let state = State {
        subscription,
        map,
        last,
        replay: first.into_iter(),
    };
    let stream = futures_util::stream::unfold(state, |mut state| async move {
        if let Some(event) = state.replay.next() {
            return Some((event, state));
        }
        loop {
            match state.subscription.recv().await {
                Incoming::Message(envelope) => {
                    let Some(event) = (state.map)(envelope) else {
                        continue;
                    };
                    let id = event.id_value().and_then(|id| id.parse::<i64>().ok());
                    if let (Some(id), Some(last)) = (id, state.last)
                        && id <= last
                    {
                        continue; // replayed already
                    }
                    note_id(&mut state.last, &event);
                    return Some((event, state));
                }
                // The browser reconnects with its last id and the view
                // replays what was lost.
                Incoming::Missed { .. } | Incoming::Gap => return None,
            }
        }
    });
    Sse::new(Box::pin(stream) as GroupStream)
}

struct State<F> {
    subscription: Subscription,
    map: F,
    last: Option<i64>,
    replay: std::vec::IntoIter<Event>,
}

fn note_id(last: &mut Option<i64>, event: &Event) {
    if let Some(id) = event.id_value().and_then(|id| id.parse::<i64>().ok()) {
        *last = Some(last.map_or(id, |l| l.max(id)));
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;
    use crate::channels::Channels;
    use crate::core::IntoResponse;

    fn event(id: i64) -> Event {
        Event::default().id(id.to_string()).data(id.to_string())
    }

    #[tokio::test]
    async fn live_messages_already_replayed_are_sent_once() {
        let channels = Channels::in_process();
        let feed = channels.join("g").unwrap();
        // Sent after the member joined and before the replay was read:
        // in both.
        for id in [2, 3] {
            channels.send("g", &id).unwrap();
        }
        let replay = vec![event(1), event(2)];
        let events = group_events(feed, replay, |m| m.json::<i64>().ok().map(event));
        let mut body = events.into_response().into_body();
        let mut text = String::new();
        while !text.contains("data: 3") {
            let frame = body.frame().await.unwrap().unwrap();
            text.push_str(std::str::from_utf8(&frame.into_data().unwrap()).unwrap());
        }
        assert_eq!(
            text,
            "retry: 1000\n\nid: 1\ndata: 1\n\nid: 2\ndata: 2\n\nid: 3\ndata: 3\n\n"
        );
        // A gap ends the stream (the browser reconnects and replays).
        channels.inner.registry.gap();
        assert!(body.frame().await.is_none());
    }
}
