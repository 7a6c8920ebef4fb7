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

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use tracing::Span;
use tracing::field::Empty;

use crate::core::{Body, LogSafe, Response};

/// The span a request is answered in; `route` is recorded by routing.
pub(crate) fn request_span(request: &http::Request<Body>) -> Span {
    tracing::info_span!(
        target: "twain::request",
        "request",
        method = %request.method(),
        path = %LogSafe(request.uri().path()),
        route = Empty,
        status = Empty,
        latency_ms = Empty,
    )
}

/// When a request started, if a subscriber records its span: with none,
/// nothing is timed (no clock read).
pub(crate) fn started(span: &Span) -> Option<Instant> {
    (!span.is_disabled()).then(Instant::now)
}

/// Awaits the answer, then records its status and latency and logs
/// `finished`, inside the request's span (the caller instruments it). A
/// struct, not an `async fn`, which would hold the answer twice.
pub(crate) fn finished<F: Future<Output = Response>>(
    answer: F,
    started: Option<Instant>,
) -> Finished<F> {
    Finished { answer, started }
}

pin_project_lite::pin_project! {
    /// The future [`finished`] returns.
    pub(crate) struct Finished<F> {
        #[pin]
        answer: F,
        started: Option<Instant>,
    }
}

impl<F: Future<Output = Response>> Future for Finished<F> {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.project();
        let response = ready!(this.answer.poll(cx));
        if let Some(started) = this.started.take() {
            let span = Span::current();
            let latency = started.elapsed().as_secs_f64() * 1000.0;
            span.record("status", response.status().as_u16());
            span.record(
                "latency_ms",
                tracing::field::display(format_args!("{latency:.3}")),
            );
            tracing::info!(target: "twain::request", "finished");
        }
        Poll::Ready(response)
    }
}
