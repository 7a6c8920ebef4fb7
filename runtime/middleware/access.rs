//! `access_log`: one `tracing` line per request, at info level with target
//! `twain::access`: method, path, status, latency and request id, each once.

use std::time::Instant;

use super::RequestId;
use crate::core::{LogSafe, Millis, Request, Response};
use crate::handler::Next;

/// Logs one line per request once the inner response is ready, with the
/// fields `method`, `path`, `status`, `latency_ms` (milliseconds, three
/// decimals) and `request_id` (add it after [`request_id`](super::request_id)
/// to get the id, else `-`):
///
/// ```text
/// INFO twain::access: request method=GET path=/articles/ status=200 latency_ms=0.412 request_id=3f2a…
/// ```
///
/// Every request already gets an info span and a `finished` line from the
/// app (target `twain::request`); this line is for a separate access log
/// (filter on its target). It is logged outside that span, so it stands
/// alone and repeats none of its fields.
#[crate::middleware]
pub async fn access_log(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
    let response = next.run(req).await;
    let latency = Millis(started.elapsed());
    let path = LogSafe(path);
    // A root event: the line stands alone, and does not repeat the fields of
    // the request span around it.
    tracing::info!(
        target: "twain::access",
        parent: None,
        %method,
        %path,
        status = response.status().as_u16(),
        latency_ms = %latency,
        request_id = %id.as_deref().unwrap_or("-"),
        "request"
    );
    response
}
