//! A streamed body with the `Content-Type` it really has:
//! `Chunks::new(rows).content_type("text/csv")`, and the same on
//! [`ByteStream`]: a CSV is not `application/octet-stream`.

use http::header::{CONTENT_TYPE, HeaderValue};

use crate::core::{Error, IntoResponse, Response};

use super::byte_stream::ByteStream;
use super::chunks::Chunks;

/// A response whose `Content-Type` is set to a given value; made by
/// `content_type` on [`Chunks`] and [`ByteStream`]. A value that is not a
/// valid header value is a 500 that says so.
///
/// ```
/// use twain::prelude::*;
/// use twain::Chunks;
///
/// #[view]
/// fn export() -> impl IntoResponse {
///     Chunks::new((1..=2).map(|n| format!("{n},{}\n", n * 10))).content_type("text/csv; charset=utf-8")
/// }
/// # let client = twain::test::Client::new(App::new().route("", export));
/// # let r = client.get("/");
/// # assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
/// # assert_eq!(r.text(), "1,10\n2,20\n");
/// ```
#[derive(Debug)]
pub struct WithContentType<R> {
    inner: R,
    content_type: String,
}

impl<R: IntoResponse> IntoResponse for WithContentType<R> {
    fn into_response(self) -> Response {
        let Ok(value) = HeaderValue::try_from(&self.content_type) else {
            return Error::internal(format!(
                "{:?} is not a valid `Content-Type` value",
                self.content_type
            ))
            .into_response();
        };
        let mut response = self.inner.into_response();
        response.headers_mut().insert(CONTENT_TYPE, value);
        response
    }
}

impl<I> Chunks<I> {
    /// A body pulled from `iter` on a sync thread; the same as `Chunks(iter)`.
    pub fn new(iter: I) -> Self {
        Chunks(iter)
    }

    /// Sends it with this `Content-Type` (`"text/csv"`, `"application/x-ndjson"`).
    pub fn content_type(self, content_type: impl Into<String>) -> WithContentType<Self> {
        WithContentType {
            inner: self,
            content_type: content_type.into(),
        }
    }
}

impl<S> ByteStream<S> {
    /// A body sent from `stream`; the same as `ByteStream(stream)`.
    pub fn new(stream: S) -> Self {
        ByteStream(stream)
    }

    /// Sends it with this `Content-Type`.
    pub fn content_type(self, content_type: impl Into<String>) -> WithContentType<Self> {
        WithContentType {
            inner: self,
            content_type: content_type.into(),
        }
    }
}
