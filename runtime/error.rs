//! [`Error`]: the one error type of twain. In a view it is an HTTP error with a
//! status (`?` turns any other error into a logged 500); out of `App::run` it says
//! why the app could not be built or served.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;

use crate::response::{IntoResponse, Response};

/// An error with an HTTP status and a message.
///
/// - In a view, `Err(Error::not_found("no such article"))` answers 404 with that
///   message. Any `std::error::Error` converts with `?` into a 500 whose detail is
///   logged, not sent to the client.
/// - From `App::run` / `App::build`, it explains a bad route table or a server that
///   could not start.
///
/// Like `anyhow::Error`, it does not implement `std::error::Error` itself, so that
/// `?` can convert every error into it.
pub struct Error {
    status: StatusCode,
    message: Cow<'static, str>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// An error with this status; for 4xx the message is sent to the client.
    pub fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        Error {
            status,
            message: message.into(),
            source: None,
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

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message (for a 5xx, the logged detail).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The underlying error, when this one came from `?`.
    pub fn source(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }
}

impl<E> From<E> for Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn from(err: E) -> Self {
        Error {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: err.to_string().into(),
            source: Some(Box::new(err)),
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
        // `fn main() -> Result<(), twain::Error>` prints this: keep it readable.
        write!(f, "{}", self.message)?;
        if let Some(source) = &self.source {
            write!(f, " ({source:?})")?;
        }
        Ok(())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(status = %self.status, error = %self.message, "view returned an error");
            let reason = self.status.canonical_reason().unwrap_or("Server Error");
            return (self.status, reason).into_response();
        }
        (self.status, self.message.into_owned()).into_response()
    }
}
