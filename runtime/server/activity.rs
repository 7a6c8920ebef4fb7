//! What a connection has in flight, so that its idle deadline
//! (`keep_alive_timeout` for HTTP/1.1, `http2_idle_timeout` for HTTP/2) and
//! shutdown know when nothing would be cut: [`Tracked`] wraps the service of
//! one connection and counts each request from the moment hyper hands it over
//! until its response body is finished or dropped ([`Guarded`]), so a long
//! download counts as busy and an idle keep-alive connection as idle.
//!
//! A server-sent event stream (`text/event-stream`) never finishes by
//! itself, so it would hold a draining server until the shutdown timeout:
//! its body ends cleanly when shutdown starts, and the browser's
//! `EventSource` reconnects — to another process behind a load balancer, or
//! to this one once it is back.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use http_body::{Frame, SizeHint};
use tokio::time::Instant;
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};

/// The number of requests in flight on one connection, and since when it
/// has had none. Two atomic operations per request and no wake-up: the
/// connection's driver looks when its deadline is due.
#[derive(Clone)]
pub(crate) struct Activity(Arc<Counts>);

struct Counts {
    in_flight: AtomicUsize,
    /// When the last request ended, in nanoseconds after `origin`.
    idle_since: AtomicU64,
    origin: Instant,
    /// The server's shutdown: ends this connection's event streams.
    stopping: CancellationToken,
}

impl Activity {
    /// For a connection of a server whose shutdown cancels `stopping`.
    pub(crate) fn new(stopping: CancellationToken) -> Self {
        Activity(Arc::new(Counts {
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(0),
            origin: Instant::now(),
            stopping,
        }))
    }

    fn start(&self) -> InFlight {
        self.0.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self.0.clone())
    }

    /// Completes once nothing has been in flight for `limit` on end. While
    /// something is, it looks again every `limit`.
    pub(crate) async fn idle_for(&self, limit: Duration) {
        loop {
            let now = Instant::now();
            let due = if self.0.in_flight.load(Ordering::Acquire) > 0 {
                now + limit
            } else {
                let since = self.0.idle_since.load(Ordering::Acquire);
                let due = self.0.origin + Duration::from_nanos(since) + limit;
                // Read again: a request may have started meanwhile.
                if due <= now && self.0.in_flight.load(Ordering::Acquire) == 0 {
                    return;
                }
                due.max(now + Duration::from_millis(1))
            };
            tokio::time::sleep_until(due).await;
        }
    }
}

/// One request in flight; counted down when dropped.
struct InFlight(Arc<Counts>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let counts = &self.0;
        let ended = counts.origin.elapsed().as_nanos() as u64;
        counts.idle_since.store(ended, Ordering::Release);
        counts.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A connection's service: the server's, with each request counted.
#[derive(Clone)]
pub(crate) struct Tracked<S> {
    pub(crate) inner: S,
    pub(crate) activity: Activity,
}

impl<S, Req, B> hyper::service::Service<Req> for Tracked<S>
where
    S: hyper::service::Service<Req, Response = http::Response<B>>,
    B: http_body::Body,
{
    type Response = http::Response<Guarded<B>>;
    type Error = S::Error;
    type Future = TrackedFuture<S::Future>;

    fn call(&self, request: Req) -> Self::Future {
        TrackedFuture {
            guard: Some(self.activity.start()),
            inner: self.inner.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of a [`Tracked`] service.
    pub(crate) struct TrackedFuture<F> {
        #[pin]
        inner: F,
        guard: Option<InFlight>,
    }
}

/// An event stream's body has no known length: a body that has one (most
/// answers) is not looked up further.
fn is_event_stream<B: http_body::Body>(response: &http::Response<B>) -> bool {
    response.body().size_hint().exact().is_none()
        && response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .is_some_and(|value| {
                let value = value.as_bytes().trim_ascii_start();
                value.starts_with(b"text/event-stream")
            })
}

impl<F, B, E> Future for TrackedFuture<F>
where
    F: Future<Output = Result<http::Response<B>, E>>,
    B: http_body::Body,
{
    type Output = Result<http::Response<Guarded<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = std::task::ready!(this.inner.poll(cx));
        let guard = this.guard.take();
        Poll::Ready(result.map(|response| {
            // The token is cloned only for an event stream, not per request.
            let ends_at_shutdown = match &guard {
                Some(InFlight(counts)) if is_event_stream(&response) => {
                    Some(Box::pin(counts.stopping.clone().cancelled_owned()))
                }
                _ => None,
            };
            response.map(|body| Guarded {
                body,
                _guard: guard,
                ends_at_shutdown,
                ended: false,
            })
        }))
    }
}

pin_project_lite::pin_project! {
    /// A response body that keeps its request counted while it is sent.
    pub(crate) struct Guarded<B> {
        #[pin]
        body: B,
        _guard: Option<InFlight>,
        // Set for an event stream: ends the body when shutdown starts.
        ends_at_shutdown: Option<Pin<Box<WaitForCancellationFutureOwned>>>,
        ended: bool,
    }
}

impl<B: http_body::Body> http_body::Body for Guarded<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        let this = self.project();
        if *this.ended {
            return Poll::Ready(None);
        }
        if let Some(stopping) = this.ends_at_shutdown
            && stopping.as_mut().poll(cx).is_ready()
        {
            *this.ended = true;
            *this.ends_at_shutdown = None;
            return Poll::Ready(None);
        }
        this.body.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.ended || self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn idle_only_after_the_last_request_ends() {
        let activity = Activity::new(CancellationToken::new());
        let request = activity.start();
        let idle = activity.idle_for(Duration::from_millis(100));
        let mut idle = std::pin::pin!(idle);
        let busy = tokio::time::timeout(Duration::from_millis(300), idle.as_mut()).await;
        assert!(busy.is_err(), "idle while a request was in flight");
        drop(request);
        tokio::time::timeout(Duration::from_secs(5), idle)
            .await
            .expect("not idle after the last request");
    }
}
