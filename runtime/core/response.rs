//! [`Response`] and [`IntoResponse`]: what a view may return, and how each kind
//! becomes an HTTP response.

use std::borrow::Cow;
use std::convert::Infallible;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{HeaderMap, StatusCode};

use super::body::Body;
use super::error::Error;

/// An HTTP response: the `http` crate's response over a twain [`Body`].
pub type Response = http::Response<Body>;

/// Turns a view's return value into a [`Response`].
///
/// Implemented for [`Response`], text (`&'static str`, `String`), bytes, JSON
/// ([`Json`]), HTML ([`Html`]), [`StatusCode`], `(StatusCode, T)`,
/// `(StatusCode, HeaderMap, T)`, `()` and `Result<T, E>` where both sides are
/// responses (for example `Result<Json<Article>, twain::Error>`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an HTTP response, so a view cannot return it",
    label = "this type does not implement `twain::IntoResponse`",
    note = "a view returns `Response`, `&'static str`, `String`, `Vec<u8>`, `Bytes`, `Json<T>`, `Html<T>`, `StatusCode`, `(StatusCode, T)` or `Result<T, E>` of those",
    note = "for your own type, implement `twain::IntoResponse` for it, or wrap it: `Json(value)` for serde types"
)]
pub trait IntoResponse {
    /// Builds the response.
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

/// `content_type` is built at compile time by the callers (`const { .. }`):
/// `HeaderValue::from_static` on a run-time argument checks every byte on
/// every response.
fn with_content_type(body: Body, content_type: HeaderValue) -> Response {
    let mut response = Response::new(body);
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    response
}

const TEXT: &str = "text/plain; charset=utf-8";
const OCTETS: &str = "application/octet-stream";

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        with_content_type(Body::from(self), const { HeaderValue::from_static(TEXT) })
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        with_content_type(Body::from(self), const { HeaderValue::from_static(TEXT) })
    }
}

impl IntoResponse for Cow<'static, str> {
    fn into_response(self) -> Response {
        match self {
            Cow::Borrowed(s) => s.into_response(),
            Cow::Owned(s) => s.into_response(),
        }
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Response {
        with_content_type(Body::from(self), const { HeaderValue::from_static(OCTETS) })
    }
}

impl IntoResponse for &'static [u8] {
    fn into_response(self) -> Response {
        with_content_type(Body::from(self), const { HeaderValue::from_static(OCTETS) })
    }
}

impl IntoResponse for Bytes {
    fn into_response(self) -> Response {
        with_content_type(Body::from(self), const { HeaderValue::from_static(OCTETS) })
    }
}

impl IntoResponse for Body {
    fn into_response(self) -> Response {
        Response::new(self)
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new(Body::empty())
    }
}

impl IntoResponse for StatusCode {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = self;
        response
    }
}

impl IntoResponse for Infallible {
    fn into_response(self) -> Response {
        match self {}
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, T) {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        *response.status_mut() = self.0;
        response
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, HeaderMap, T) {
    fn into_response(self) -> Response {
        let mut response = self.2.into_response();
        *response.status_mut() = self.0;
        response.headers_mut().extend(self.1);
        response
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(value) => value.into_response(),
            Err(err) => err.into_response(),
        }
    }
}

/// An HTML response: `Html("<h1>hi</h1>")` or `Html(format!(..))`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html<T>(pub T);

impl<T: Into<Body>> IntoResponse for Html<T> {
    fn into_response(self) -> Response {
        with_content_type(
            self.0.into(),
            const { HeaderValue::from_static("text/html; charset=utf-8") },
        )
    }
}

/// JSON: as a return value it serializes `T`; as a view argument it parses the
/// request body into `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T> From<T> for Json<T> {
    fn from(value: T) -> Self {
        Json(value)
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(bytes) => with_content_type(
                Body::from(bytes),
                const { HeaderValue::from_static("application/json") },
            ),
            Err(err) => Error::internal(format!("could not serialize the JSON response: {err}"))
                .into_response(),
        }
    }
}
