//! What a connection has in flight, so that its idle deadline
//! (`keep_alive_timeout` for HTTP/1.1, `http2_idle_timeout` for HTTP/2) and
//! shutdown know when nothing would be cut: [`Tracked`] wraps the service of
//! one connection and counts each request from the moment hyper hands it over
//! until its response body is finished or dropped ([`Guarded`]), so a long
//! download counts as busy and an idle keep-alive connection as idle.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body::{Frame, SizeHint};
use tokio::sync::watch;

/// The number of requests in flight on one connection.
#[derive(Clone)]
pub(crate) struct Activity(Arc<watch::Sender<usize>>);

impl Activity {
    pub(crate) fn new() -> Self {
        Activity(Arc::new(watch::Sender::new(0)))
    }

    fn start(&self) -> InFlight {
        self.0.send_modify(|n| *n += 1);
        InFlight(self.0.clone())
    }

    /// Completes once nothing has been in flight for `limit` on end.
    pub(crate) async fn idle_for(&self, limit: Duration) {
        let mut seen = self.0.subscribe();
        loop {
            // The sender lives in `self`: these never fail.
            let _ = seen.wait_for(|n| *n == 0).await;
            tokio::select! {
                () = tokio::time::sleep(limit) => return,
                _ = seen.changed() => {}
            }
        }
    }
}

/// One request in flight; counted down when dropped.
struct InFlight(Arc<watch::Sender<usize>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
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
    S::Future: Unpin,
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

/// The response future of a [`Tracked`] service.
pub(crate) struct TrackedFuture<F> {
    inner: F,
    guard: Option<InFlight>,
}

impl<F, B, E> Future for TrackedFuture<F>
where
    F: Future<Output = Result<http::Response<B>, E>> + Unpin,
{
    type Output = Result<http::Response<Guarded<B>>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let result = std::task::ready!(Pin::new(&mut this.inner).poll(cx));
        let guard = this.guard.take();
        Poll::Ready(result.map(|response| {
            response.map(|body| Guarded {
                body,
                _guard: guard,
            })
        }))
    }
}

/// A response body that keeps its request counted while it is sent.
pub(crate) struct Guarded<B> {
    body: B,
    _guard: Option<InFlight>,
}

impl<B: http_body::Body + Unpin> http_body::Body for Guarded<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
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
        let activity = Activity::new();
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
