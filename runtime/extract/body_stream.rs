//! [`BodyStream`]: the request body as it arrives, for async views — a
//! `Stream` of `Bytes` chunks, or an `AsyncRead` — through the one body-limit
//! path (`core/limits.rs`).

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;
use http_body::Body as _;

use http_body_util::Limited;

use crate::core::{Body, Error, IntoResponse, Request, Response, limited, read_error};

use super::FromRequest;

/// The request body as a stream of chunks, read as the view asks for them.
///
/// A `Content-Length` over `App::max_body_size` is a 413 before the view runs;
/// a body that passes the limit while streaming yields a 413 [`Error`] there
/// (return it with `?`), and nothing more is read. A client gone mid-body
/// yields a 400 error. Use [`BodyStream::into_async_read`] for an `AsyncRead`.
///
/// ```
/// use futures_util::StreamExt;
/// use twain::prelude::*;
/// use twain::BodyStream;
///
/// #[view]
/// async fn count(mut body: BodyStream) -> Result<String, Error> {
///     let mut total = 0;
///     while let Some(chunk) = body.next().await {
///         total += chunk?.len();
///     }
///     Ok(total.to_string())
/// }
/// # let client = twain::test::Client::new(App::new().route("", count));
/// # assert_eq!(client.post("/", "text/plain", "hello").text(), "5");
/// ```
pub struct BodyStream {
    body: Limited<Body>,
    limit: usize,
    received: usize,
    done: bool,
}

impl BodyStream {
    /// Bytes received so far.
    pub fn received(&self) -> usize {
        self.received
    }

    /// The body as a `tokio::io::AsyncRead` (errors become `io::Error`s whose
    /// message is the HTTP error's).
    pub fn into_async_read(self) -> impl tokio::io::AsyncRead + Send + Unpin {
        let stream = futures_util::StreamExt::map(self, |item| {
            item.map_err(|err| std::io::Error::other(err.message().to_owned()))
        });
        tokio_util::io::StreamReader::new(stream)
    }
}

impl std::fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodyStream")
            .field("limit", &self.limit)
            .field("received", &self.received)
            .finish()
    }
}

impl Stream for BodyStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            let frame = match Pin::new(&mut this.body).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(err))) => {
                    this.done = true;
                    // Stop reading: past the limit, hyper closes the connection.
                    this.body = Limited::new(Body::empty(), 0);
                    return Poll::Ready(Some(Err(read_error(err, this.limit))));
                }
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            let Ok(chunk) = frame.into_data() else {
                continue; // trailers
            };
            this.received = this.received.saturating_add(chunk.len());
            return Poll::Ready(Some(Ok(chunk)));
        }
    }
}

impl FromRequest for BodyStream {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        let limit = req.scope().limits.max_body_size;
        let body = req.take_body();
        let done = body.is_end_stream();
        let body = limited(req.headers(), body, limit).map_err(IntoResponse::into_response)?;
        Ok(BodyStream {
            body,
            limit,
            received: 0,
            done,
        })
    }
}
