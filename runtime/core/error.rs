//! [`Error`]: the HTTP error a view or middleware returns. It has a status and
//! a message; a 4xx sends its message, a 5xx logs it and sends only the
//! reason phrase. `?` turns any other error into a logged 500.
//!
//! Errors of building an app (`twain::BuildError`) and of serving it
//! (`twain::ServeError`) are other types, in `app/error.rs`.

use std::borrow::Cow;
use std::fmt;

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};

use super::body::BoxError;
use super::log_text::LogSafe;
use super::response::{IntoResponse, Response};

/// An error with an HTTP status and a message, as a view returns it.
///
/// - `Err(Error::not_found("no such article"))` answers 404 with that message.
/// - Any `std::error::Error` converts with `?` into a 500 whose detail is
///   logged, not sent to the client.
/// - [`Error::header`] adds a response header (`WWW-Authenticate`, `Retry-After`, …).
///
/// Like `anyhow::Error`, it does not implement `std::error::Error` itself, so
/// that `?` can convert every error into it.
pub struct Error {
    status: StatusCode,
    message: Cow<'static, str>,
    source: Option<BoxError>,
    /// Rarely set, so kept out of line: `Result<T, Error>` stays small.
    extra: Option<Box<Extra>>,
}

#[derive(Default)]
struct Extra {
    headers: HeaderMap,
    /// What a 5xx sends instead of its reason phrase, when the text is safe
    /// for clients (the 503 of a busy sync pool).
    reply: Option<Cow<'static, str>>,
    /// Whoever made it logged it already, with more context.
    logged: bool,
}

impl Error {
    /// An error with this status; for 4xx the message is sent to the client.
    pub fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        Error {
            status,
            message: message.into(),
            source: None,
            extra: None,
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404 Not Found.
    pub fn not_found(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(StatusCode::NOT_FOUND, message)
    }

    /// 500 Internal Server Error; the message is logged, never sent.
    pub fn internal(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The 404 of a path that matches no route, or whose parameter does not
    /// convert.
    pub(crate) fn no_route(path: &str) -> Self {
        Error::not_found(format!("Not Found: {path}"))
    }

    /// Adds a header to the response this error answers with.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.extra
            .get_or_insert_with(Box::default)
            .headers
            .insert(name, value);
        self
    }

    /// A 5xx whose `reply` is safe to show the client, sent instead of the
    /// bare reason phrase; logged where it was made, not again as a response.
    pub(crate) fn with_reply(mut self, reply: impl Into<Cow<'static, str>>) -> Self {
        let extra = self.extra.get_or_insert_with(Box::default);
        extra.reply = Some(reply.into());
        extra.logged = true;
        self
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message (for a 5xx, the logged detail).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The headers added with [`Error::header`].
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.extra.as_ref().map(|extra| &extra.headers)
    }

    /// The underlying error, when this one came from `?`.
    pub fn source(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }
}

impl Error {
    /// The logged 500 that `?` makes of an error with no status of its own
    /// (the blanket `From` lives above the layers whose errors do have one:
    /// `handler/error_from.rs`).
    pub(crate) fn from_boxed(err: BoxError) -> Self {
        Error {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: err.to_string().into(),
            source: Some(err),
            extra: None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.message)?;
        if let Some(source) = &self.source {
            write!(f, " ({source:?})")?;
        }
        Ok(())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (headers, reply, logged) = match self.extra {
            Some(extra) => (extra.headers, extra.reply, extra.logged),
            None => (HeaderMap::new(), None, false),
        };
        let page = ErrorPage {
            message: (!self.status.is_server_error()).then(|| self.message.clone()),
        };
        let mut response = if self.status.is_server_error() {
            if !logged {
                tracing::error!(status = %self.status, error = %LogSafe(&self.message), "view returned an error");
            }
            let text = reply.unwrap_or(Cow::Borrowed(
                self.status.canonical_reason().unwrap_or("Server Error"),
            ));
            (self.status, text).into_response()
        } else {
            (self.status, self.message).into_response()
        };
        response.headers_mut().extend(headers);
        response.extensions_mut().insert(page);
        response
    }
}

/// Marks a response as an error answer (made from an [`Error`], or twain's
/// own 500 for a panic), so an error page can replace its body
/// (`web/template/pages.rs`). `message` is what a 4xx says; `None` for 5xx.
#[derive(Debug, Clone, Default)]
pub(crate) struct ErrorPage {
    #[cfg_attr(not(feature = "templates"), allow(dead_code))]
    message: Option<Cow<'static, str>>,
}

impl ErrorPage {
    /// The 4xx message, safe to show; `None` for a 5xx.
    #[cfg(feature = "templates")]
    pub(crate) fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}
