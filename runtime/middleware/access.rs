//! `access_log`: one `tracing` line per request, at info level with target
//! `twain::access`: method, path, status, duration and request id.

use std::time::Instant;

use super::RequestId;
use crate::core::{LogSafe, Request, Response};
use crate::handler::Next;

/// Logs `GET /path 200` with `method`, `path`, `status`, `duration_ms` and
/// `request_id` fields once the inner response is ready. Add it after
/// [`request_id`](super::request_id) to get the id (else `-`).
#[crate::middleware]
pub async fn access_log(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
    let response = next.run(req).await;
    let status = response.status().as_u16();
    let path = LogSafe(path);
    tracing::info!(
        target: "twain::access",
        %method,
        %path,
        status,
        duration_ms = started.elapsed().as_secs_f64() * 1000.0,
        request_id = id.as_deref().unwrap_or("-"),
        "{method} {path} {status}"
    );
    response
}
