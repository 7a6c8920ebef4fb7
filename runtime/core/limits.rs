//! The request-body limits and **the one body-limit path**: every reader of a
//! request body (`Request::read_body`, `BodyStream`, spooling) takes it
//! through [`limited`], so `App::max_body_size` is enforced the same way
//! everywhere: a `Content-Length` over the limit is a 413 before a byte is
//! read, and `http_body_util::Limited` cuts a body whose bytes pass it.

use std::path::PathBuf;

use http::header::{CONNECTION, CONTENT_LENGTH, HeaderValue};
use http::{HeaderMap, StatusCode};
use http_body_util::{LengthLimitError, Limited};

use super::body::{Body, BoxError};
use super::body_deadline::{BodyDeadlines, BodyTimeout};
use super::error::Error;
use super::log_text::LogSafe;

/// How much request body an app accepts, and where spooled bodies go.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// Largest request body accepted, in bytes.
    pub(crate) max_body_size: usize,
    /// Spooled request bodies stay in memory up to this many bytes, then go
    /// to a temp file.
    pub(crate) spool_memory_limit: usize,
    /// Where spool temp files are created (`None`: the system temp dir).
    pub(crate) spool_dir: Option<PathBuf>,
    /// How long a request body may take (per read and in total).
    pub(crate) body_deadlines: BodyDeadlines,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_size: 10 * 1024 * 1024,
            // Django's FILE_UPLOAD_MAX_MEMORY_SIZE.
            spool_memory_limit: 2_621_440,
            spool_dir: None,
            body_deadlines: BodyDeadlines::default(),
        }
    }
}

/// `body` with the size limit applied: `Err(413)` at once when `headers`
/// declare more than `limit` bytes (400 when `Content-Length` is not a
/// number); else a body whose reads fail once more than `limit` bytes came
/// (map that failure with [`read_error`]).
pub(crate) fn limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Limited<Body>, Error> {
    check_declared_length(headers, limit)?;
    Ok(Limited::new(body, limit))
}

/// What a failed read of a [`limited`] body answers: 413 past the limit, 408
/// (with `Connection: close`) past a body deadline, 400 when the body itself
/// failed (the client went away mid-body).
pub(crate) fn read_error(err: BoxError, limit: usize) -> Error {
    if err.is::<LengthLimitError>() {
        tracing::debug!(limit, "request body passed the size limit; answering 413");
        return too_large(limit);
    }
    if let Some(timeout) = err.downcast_ref::<BodyTimeout>() {
        return Error::new(
            StatusCode::REQUEST_TIMEOUT,
            format!("Request Timeout: {timeout}"),
        )
        .header(CONNECTION, HeaderValue::from_static("close"));
    }
    tracing::debug!(error = %LogSafe(&err), "request body failed mid-way (client gone?)");
    Error::bad_request(format!("the request body could not be read: {err}"))
}

fn check_declared_length(headers: &HeaderMap, limit: usize) -> Result<(), Error> {
    let Some(value) = headers.get(CONTENT_LENGTH) else {
        return Ok(());
    };
    let declared = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| Error::bad_request("the Content-Length header is not a number"))?;
    if declared > limit as u64 {
        tracing::debug!(
            declared,
            limit,
            "Content-Length over the body size limit; answering 413"
        );
        return Err(too_large(limit));
    }
    Ok(())
}

/// The 413 answered for a body over `limit` bytes.
pub(crate) fn too_large(limit: usize) -> Error {
    Error::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body is larger than the limit of {limit} bytes"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn headers(length: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_LENGTH, length.parse().unwrap());
        headers
    }

    #[test]
    fn declared_lengths() {
        assert!(check_declared_length(&HeaderMap::new(), 10).is_ok());
        assert!(check_declared_length(&headers("10"), 10).is_ok());
        let over = check_declared_length(&headers("11"), 10).unwrap_err();
        assert_eq!(over.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let bad = check_declared_length(&headers("ten"), 10).unwrap_err();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn bytes_past_the_limit_are_413_and_a_failed_body_is_400() {
        use http_body_util::BodyExt;
        let body = limited(&HeaderMap::new(), Body::from("0123456789"), 4).unwrap();
        let err = body.collect().await.err().unwrap();
        assert_eq!(read_error(err, 4).status(), StatusCode::PAYLOAD_TOO_LARGE);
        let failed = read_error(BoxError::from("connection reset"), 4);
        assert_eq!(failed.status(), StatusCode::BAD_REQUEST);
        let late = read_error(Box::new(BodyTimeout::Idle(Duration::from_secs(1))), 4);
        assert_eq!(late.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(late.headers().unwrap()[CONNECTION], "close");
    }
}
