//! [`ByteStream`]: an async `Stream` of chunks as a response body, sent as each
//! chunk comes (chunked transfer encoding). Dropped as soon as the client goes.

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::header::{CONTENT_TYPE, HeaderValue};

use crate::core::{Body, BoxError, IntoResponse, Response};

/// A response body from an async `Stream` of `Result<chunk, error>`: chunks are
/// `Bytes`, `Vec<u8>`, `String` or `&'static str`. An `Err` ends the response
/// abruptly (the client sees a truncated body). The stream is dropped when the
/// client goes away. `Content-Type` is `application/octet-stream`; set another
/// with `(StatusCode, HeaderMap, ByteStream(..))` or on the `Response`.
///
/// ```
/// use twain::prelude::*;
/// use twain::ByteStream;
///
/// #[view]
/// async fn countdown() -> ByteStream<impl futures_util::Stream<Item = Result<String, std::io::Error>> + Send> {
///     ByteStream(futures_util::stream::iter((1..=3).rev().map(|n| Ok(format!("{n}\n")))))
/// }
/// # let client = twain::test::Client::new(App::new().route("", countdown));
/// # assert_eq!(client.get("/").text(), "3\n2\n1\n");
/// ```
#[derive(Debug)]
pub struct ByteStream<S>(pub S);

impl<S, T, E> IntoResponse for ByteStream<S>
where
    S: Stream<Item = Result<T, E>> + Send + 'static,
    T: Into<Bytes>,
    E: Into<BoxError>,
{
    fn into_response(self) -> Response {
        let frames = self
            .0
            .map(|item| item.map(|chunk| http_body::Frame::data(chunk.into())));
        let mut response = Response::new(Body::new(http_body_util::StreamBody::new(frames)));
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        response
    }
}
