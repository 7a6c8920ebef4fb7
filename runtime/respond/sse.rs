//! Server-sent events: [`Sse`] sends [`Event`]s from an async `Stream`
//! (polled on the async side) or, through [`Sse::iter`], from a sync
//! `Iterator` pulled on a sync thread exactly as [`Chunks`] pulls its items
//! (`respond/chunks.rs`: one ahead at most, never on a worker, counted
//! against `App::sync_threads`). While no event comes, a keep-alive comment
//! goes out (every 15 s unless set otherwise), so proxies and browsers keep
//! the connection open.

use std::fmt::Write as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use http_body::Frame;
use tokio::time::Sleep;

use crate::core::{Body, BoxError, IntoResponse, Response};

use super::chunks::Chunks;

/// One server-sent event: `data` (split on newlines into `data:` lines), and
/// optionally an `event` name, an `id`, a `retry` delay, or a comment.
///
/// ```
/// use twain::sse::Event;
///
/// let event = Event::default().event("tick").id("3").data("line one\nline two");
/// assert_eq!(event.to_string(), "event: tick\nid: 3\ndata: line one\ndata: line two\n\n");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Event {
    text: String,
}

impl Event {
    /// An event with this data (several lines become several `data:` lines).
    pub fn data(mut self, data: impl AsRef<str>) -> Self {
        for line in split_lines(data.as_ref()) {
            self.field("data", line);
        }
        self
    }

    /// An event whose data is `value` as JSON.
    pub fn json_data(self, value: &impl serde::Serialize) -> Result<Self, serde_json::Error> {
        Ok(self.data(serde_json::to_string(value)?))
    }

    /// The event's name (`addEventListener(name, ..)` in the browser).
    pub fn event(mut self, name: impl AsRef<str>) -> Self {
        self.field("event", &one_line(name.as_ref()));
        self
    }

    /// The event's id (the browser sends it back as `Last-Event-ID`).
    pub fn id(mut self, id: impl AsRef<str>) -> Self {
        self.field("id", &one_line(id.as_ref()));
        self
    }

    /// How long the browser waits before reconnecting.
    pub fn retry(mut self, delay: Duration) -> Self {
        self.field("retry", &delay.as_millis().to_string());
        self
    }

    /// A comment line (`: text`), ignored by browsers.
    pub fn comment(mut self, text: impl AsRef<str>) -> Self {
        for line in split_lines(text.as_ref()) {
            let _ = writeln!(self.text, ": {line}");
        }
        self
    }

    /// The id set with [`Event::id`], if any (the last one set).
    pub fn id_value(&self) -> Option<&str> {
        self.text
            .lines()
            .filter_map(|line| line.strip_prefix("id: "))
            .next_back()
    }

    fn field(&mut self, name: &str, value: &str) {
        let _ = writeln!(self.text, "{name}: {value}");
    }

    fn encode(self) -> Bytes {
        let mut text = self.text;
        text.push('\n');
        Bytes::from(text)
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.text)
    }
}

fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
}

/// A field that must stay on one line: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// What an event stream or iterator may yield: an [`Event`], or a `Result`
/// of one (an `Err` ends the stream; the client reconnects).
pub trait SseItem: Send + 'static {
    /// The event, or why the stream stops.
    fn into_event(self) -> Result<Event, BoxError>;
}

impl SseItem for Event {
    fn into_event(self) -> Result<Event, BoxError> {
        Ok(self)
    }
}

impl<E: Into<BoxError> + Send + 'static> SseItem for Result<Event, E> {
    fn into_event(self) -> Result<Event, BoxError> {
        self.map_err(Into::into)
    }
}

/// How often a keep-alive comment is sent while no event comes, and its text.
#[derive(Debug, Clone)]
pub struct KeepAlive {
    interval: Duration,
    comment: Bytes,
}

impl KeepAlive {
    /// A keep-alive comment every 15 seconds.
    pub fn new() -> Self {
        KeepAlive {
            interval: Duration::from_secs(15),
            comment: Bytes::from_static(b": keep-alive\n\n"),
        }
    }

    /// Sends it after this long without an event.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The comment's text.
    pub fn text(mut self, text: impl AsRef<str>) -> Self {
        self.comment = Event::default().comment(text).encode();
        self
    }
}

impl Default for KeepAlive {
    fn default() -> Self {
        KeepAlive::new()
    }
}

/// A `text/event-stream` response from an async `Stream` of events
/// ([`Sse::new`]) or a sync `Iterator` of them ([`Sse::iter`]).
///
/// ```
/// use std::time::Duration;
/// use twain::prelude::*;
/// use twain::sse::{Event, KeepAlive, Sse};
///
/// /// Async: a stream, polled on the async workers.
/// #[view]
/// async fn ticks() -> impl IntoResponse {
///     let events = twain::futures::stream::iter(1..=3).map(|n| Event::default().data(n.to_string()));
///     Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(5)))
/// }
///
/// /// Sync: an iterator, each `next()` on a sync thread (it may block, e.g. on
/// /// a channel or a database cursor).
/// #[view]
/// fn rows() -> impl IntoResponse {
///     Sse::iter((1..=3).map(|n| Event::default().event("row").data(n.to_string())))
/// }
/// # use twain::futures::StreamExt;
/// # let client = twain::test::Client::new(App::new().route("a", ticks).route("b", rows));
/// # let r = client.get("/a");
/// # assert_eq!(r.header("content-type"), Some("text/event-stream"));
/// # assert_eq!(r.text(), "data: 1\n\ndata: 2\n\ndata: 3\n\n");
/// # assert_eq!(client.get("/b").text(), "event: row\ndata: 1\n\nevent: row\ndata: 2\n\nevent: row\ndata: 3\n\n");
/// ```
#[derive(Debug)]
pub struct Sse<S> {
    source: S,
    keep_alive: Option<KeepAlive>,
}

/// The sync source of an [`Sse`]: an iterator pulled on a sync thread.
#[derive(Debug)]
pub struct SyncEvents<I>(I);

impl<S> Sse<S> {
    /// Events from an async `Stream` of [`Event`] (or `Result<Event, E>`).
    pub fn new(stream: S) -> Self {
        Sse {
            source: stream,
            keep_alive: Some(KeepAlive::new()),
        }
    }

    /// Sets how keep-alive comments are sent.
    pub fn keep_alive(mut self, keep_alive: KeepAlive) -> Self {
        self.keep_alive = Some(keep_alive);
        self
    }

    /// Sends no keep-alive comments.
    pub fn no_keep_alive(mut self) -> Self {
        self.keep_alive = None;
        self
    }
}

impl<I> Sse<SyncEvents<I>> {
    /// Events from a sync `Iterator` (or anything `IntoIterator`), each
    /// `next()` run on a sync thread, as [`Chunks`] does.
    pub fn iter(events: I) -> Self {
        Sse::new(SyncEvents(events))
    }
}

impl<S> IntoResponse for Sse<S>
where
    S: Stream + Send + 'static,
    S::Item: SseItem,
{
    fn into_response(self) -> Response {
        let frames = self
            .source
            .map(|item| item.into_event().map(|event| Frame::data(event.encode())));
        let body = Body::new(http_body_util::StreamBody::new(frames));
        event_stream(body, self.keep_alive)
    }
}

impl<I> IntoResponse for Sse<SyncEvents<I>>
where
    I: IntoIterator + Send + 'static,
    I::IntoIter: Send + 'static,
    I::Item: SseItem,
{
    fn into_response(self) -> Response {
        let encoded = self
            .source
            .0
            .into_iter()
            .map(|item| item.into_event().map(Event::encode));
        let body = Chunks(encoded).into_response().into_body();
        event_stream(body, self.keep_alive)
    }
}

fn event_stream(body: Body, keep_alive: Option<KeepAlive>) -> Response {
    let body = match keep_alive {
        Some(keep_alive) => Body::new(KeepAliveBody {
            inner: body,
            sleep: None,
            keep_alive,
        }),
        None => body,
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A body that sends a keep-alive comment when `inner` has had nothing for
/// the interval. The timer starts at the first poll (no runtime is needed to
/// build the response).
struct KeepAliveBody {
    inner: Body,
    sleep: Option<Pin<Box<Sleep>>>,
    keep_alive: KeepAlive,
}

impl http_body::Body for KeepAliveBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        // `KeepAliveBody` is `Unpin`: it holds boxes.
        let this = self.get_mut();
        let interval = this.keep_alive.interval;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            this.sleep = None;
            return Poll::Ready(frame);
        }
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(interval)));
        if sleep.as_mut().poll(cx).is_ready() {
            let deadline = tokio::time::Instant::now() + interval;
            sleep.as_mut().reset(deadline);
            // Registers the timer's waker again.
            let _ = sleep.as_mut().poll(cx);
            return Poll::Ready(Some(Ok(Frame::data(this.keep_alive.comment.clone()))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    #[test]
    fn fields_are_encoded_one_per_line() {
        let event = Event::default()
            .comment("hi")
            .event("a\nb")
            .retry(Duration::from_millis(1500))
            .data("x\r\ny");
        assert_eq!(
            String::from_utf8(event.encode().to_vec()).unwrap(),
            ": hi\nevent: a b\nretry: 1500\ndata: x\ndata: y\n\n"
        );
    }

    #[tokio::test]
    async fn a_quiet_stream_gets_keep_alive_comments() {
        let events = futures_util::stream::pending::<Event>();
        let keep_alive = KeepAlive::new()
            .interval(Duration::from_millis(20))
            .text("ping");
        let sse = Sse::new(events).keep_alive(keep_alive);
        let mut body = sse.into_response().into_body();
        for _ in 0..2 {
            let frame = body.frame().await.unwrap().unwrap();
            assert_eq!(frame.into_data().unwrap(), ": ping\n\n");
        }
    }
}
