//! `request_id`: gives every request an id — the client's `X-Request-Id` when
//! it sends a sane one, else a new UUID — as a request extension
//! ([`RequestId`]) for inner code and as the `X-Request-Id` response header.

use http::header::HeaderValue;

use crate::core::{Request, Response};
use crate::handler::Next;

/// The header read from the request and set on the response.
const HEADER: &str = "x-request-id";

/// The longest client-sent id kept; longer ones are replaced.
const MAX_LEN: usize = 200;

/// The current request's id, set by [`request_id`]: inner middleware and views
/// read it with `req.extensions().get::<RequestId>()`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(pub String);

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Sets the [`RequestId`] extension and the `X-Request-Id` response header.
/// A client-sent id is kept when it is 1 to 200 visible ASCII characters.
#[crate::middleware]
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|id| is_sane(id))
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let header = HeaderValue::from_str(&id);
    req.extensions_mut().insert(RequestId(id));
    let mut response = next.run(req).await;
    if let Ok(value) = header {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

fn is_sane(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_LEN && id.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::is_sane;

    #[test]
    fn keeps_only_short_visible_ascii_ids() {
        assert!(is_sane("abc-123_XYZ"));
        assert!(!is_sane(""));
        assert!(!is_sane("has space"));
        assert!(!is_sane("caf\u{e9}"));
        assert!(!is_sane(&"x".repeat(201)));
    }
}
