//! The one body type twain moves around: request bodies coming in and response
//! bodies going out are both a [`Body`]: bytes in memory or hyper's incoming
//! body as they are (no allocation per request for the common cases), any
//! other `http_body::Body` of `Bytes` boxed.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use http_body_util::combinators::UnsyncBoxBody;

/// The error type carried by a [`Body`]: any error, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An HTTP body: bytes in memory, or a stream of chunks.
///
/// Build one from `&'static str`, `String`, `Vec<u8>`, `Bytes`, or wrap any
/// `http_body::Body` with [`Body::new`].
pub struct Body(Inner);

enum Inner {
    /// Bytes in memory, sent as one frame; `None` once sent (or empty).
    Full(Option<Bytes>),
    /// A request body as hyper gives it.
    Incoming(hyper::body::Incoming),
    /// Any other body.
    Boxed(UnsyncBoxBody<Bytes, BoxError>),
}

impl Body {
    /// Wraps any `http_body::Body` whose chunks are `Bytes`.
    pub fn new<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        let mut slot = Some(body);
        let any = &mut slot as &mut dyn std::any::Any;
        // A `Body` is not boxed again, and hyper's own body not at all.
        if let Some(inner) = any.downcast_mut::<Option<Body>>() {
            return inner.take().expect("slot is filled above");
        }
        if let Some(inner) = any.downcast_mut::<Option<hyper::body::Incoming>>() {
            return Body(Inner::Incoming(inner.take().expect("slot is filled above")));
        }
        if any.is::<Option<http_body_util::Empty<Bytes>>>() {
            return Body::empty();
        }
        let body = slot.expect("slot is filled above");
        Body(Inner::Boxed(body.map_err(Into::into).boxed_unsync()))
    }

    /// A body with no bytes.
    pub fn empty() -> Self {
        Body(Inner::Full(None))
    }

    /// Reads the whole body into memory.
    pub async fn collect_bytes(self) -> Result<Bytes, BoxError> {
        if let Inner::Full(bytes) = self.0 {
            return Ok(bytes.unwrap_or_default());
        }
        Ok(self.collect().await?.to_bytes())
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Body")
            .field("size_hint", &http_body::Body::size_hint(self))
            .finish()
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.0 {
            Inner::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Incoming(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
            Inner::Boxed(body) => Pin::new(body).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.0 {
            Inner::Full(bytes) => bytes.is_none(),
            Inner::Incoming(body) => body.is_end_stream(),
            Inner::Boxed(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.0 {
            Inner::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Inner::Incoming(body) => body.size_hint(),
            Inner::Boxed(body) => body.size_hint(),
        }
    }
}

fn full(bytes: Bytes) -> Body {
    // An empty body has no frame at all, as `http_body_util::Full` does.
    Body(Inner::Full(Some(bytes).filter(|b| !b.is_empty())))
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        full(bytes)
    }
}

impl From<&'static str> for Body {
    fn from(s: &'static str) -> Self {
        full(Bytes::from_static(s.as_bytes()))
    }
}

impl From<&'static [u8]> for Body {
    fn from(s: &'static [u8]) -> Self {
        full(Bytes::from_static(s))
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        full(Bytes::from(s))
    }
}

impl From<Vec<u8>> for Body {
    fn from(v: Vec<u8>) -> Self {
        full(Bytes::from(v))
    }
}

impl From<()> for Body {
    fn from(_: ()) -> Self {
        Body::empty()
    }
}
