//! The one log of every request: an info-level `request` span (method, path,
//! then the matched route pattern, status and latency recorded on it) and
//! one `finished` event in it, target `twain::request`, when the answer is
//! ready — what tower-http's `TraceLayer` gives, without adding it. With the
//! default subscriber (`App::run`) a request prints one line:
//!
//! ```text
//! INFO request{method=GET path=/articles/2024/ route=/articles/<int:year>/ status=200 latency_ms=0.412}: twain::request: finished
//! ```
//!
//! `RUST_LOG=info,twain::request=off` turns both off.

use std::time::Instant;

use tracing::Span;
use tracing::field::{Empty, Field, Value};

use crate::core::{Body, LogSafe, Millis, Response};

/// The span a request is answered in; `route` is recorded by routing.
pub(crate) fn request_span(request: &http::Request<Body>) -> Span {
    let span = tracing::info_span!(
        target: "twain::request",
        "request",
        method = %request.method(),
        path = %LogSafe(request.uri().path()),
        route = Empty,
        status = Empty,
        latency_ms = Empty,
    );
    // A span no subscriber records still carries its metadata, and with
    // `tracing`'s `log` feature on (some dependency trees turn it on) each
    // enter, exit and drop of it asks `log` whether to print it. No span at
    // all skips that work on every request.
    if span.is_disabled() {
        Span::none()
    } else {
        span
    }
}

/// When a request started, if a subscriber records its span: with none,
/// nothing is timed (no clock read).
pub(crate) fn started(span: &Span) -> Option<Instant> {
    (!span.is_disabled()).then(Instant::now)
}

/// Records the response's status and the latency on the request's span,
/// and logs `finished` in it (the caller has it entered).
pub(crate) fn log_finished(span: &Span, response: &Response, started: Instant) {
    // Both in one record: a subscriber's work per record (finding the
    // span, locking its data) is then paid once.
    if let Some(fields) = span.metadata().map(|meta| meta.fields())
        && let (Some(status), Some(latency)) = (fields.field("status"), fields.field("latency_ms"))
    {
        let code = response.status().as_u16();
        let millis = tracing::field::display(Millis(started.elapsed()));
        let values: [(&Field, Option<&dyn Value>); 2] =
            [(&status, Some(&code)), (&latency, Some(&millis))];
        span.record_all(&fields.value_set(&values));
    }
    tracing::info!(target: "twain::request", "finished");
}
