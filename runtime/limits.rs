//! The body size limit (`App::max_body_size`) as checked before a byte is read:
//! a `Content-Length` over the limit is a 413 at once.

use http::header::CONTENT_LENGTH;
use http::{HeaderMap, StatusCode};

use crate::Error;

/// 413 when the request declares a body larger than `limit`; 400 when its
/// `Content-Length` is not a number.
pub(crate) fn check_declared_length(headers: &HeaderMap, limit: usize) -> Result<(), Error> {
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
}
