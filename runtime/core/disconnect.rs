//! Knowing that a client has gone: the server drops a request's future when
//! hyper sees the connection close; a guard in that future flips a flag the
//! request carries, so a sync view still running can ask
//! `Request::is_disconnected` (whose docs list what hyper lets us see).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use super::body::Body;
use super::response::Response;

/// The flag shared by a request (in its extensions) and the future answering it.
#[derive(Clone, Default)]
pub(crate) struct Disconnected(Arc<AtomicBool>);

impl Disconnected {
    /// Whether the future answering the request was dropped unfinished.
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Sets the flag if dropped before [`Armed::disarm`]: the future was dropped
/// before it produced a response, so nobody is waiting for it.
struct Armed(Option<Disconnected>);

impl Drop for Armed {
    fn drop(&mut self) {
        if let Some(flag) = self.0.take() {
            flag.0.store(true, Ordering::SeqCst);
            tracing::debug!("client gone before the response was ready; the request is cancelled");
        }
    }
}

pin_project_lite::pin_project! {
    /// The future [`watch`] returns: the answer, and the guard that sets the
    /// flag if it is dropped unfinished. A struct, not an `async fn`, which
    /// would hold the answer twice (argument and awaited value) in every
    /// request's future.
    pub(crate) struct Watch<Fut> {
        #[pin]
        answer: Fut,
        armed: Armed,
    }
}

/// Runs `answer` for `request`, flagging the request as disconnected if the
/// returned future is dropped before it completes.
pub(crate) fn watch<F, Fut>(mut request: http::Request<Body>, answer: F) -> Watch<Fut>
where
    F: FnOnce(http::Request<Body>) -> Fut,
    Fut: Future<Output = Response>,
{
    let flag = Disconnected::default();
    request.extensions_mut().insert(flag.clone());
    Watch {
        answer: answer(request),
        armed: Armed(Some(flag)),
    }
}

impl<Fut: Future<Output = Response>> Future for Watch<Fut> {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.project();
        let response = ready!(this.answer.poll(cx));
        this.armed.0 = None;
        Poll::Ready(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Request;

    #[tokio::test]
    async fn a_dropped_future_flags_the_request() {
        let (seen_tx, seen_rx) = std::sync::mpsc::channel();
        let request = http::Request::new(Body::empty());
        let future = watch(request, |request| async move {
            let req = Request::from_http(request);
            seen_tx.send(req.extensions().clone()).unwrap();
            std::future::pending::<Response>().await
        });
        let mut future = Box::pin(future);
        assert!(futures_util::FutureExt::now_or_never(future.as_mut()).is_none());
        let extensions = seen_rx.recv().unwrap();
        let flag = extensions.get::<Disconnected>().unwrap().clone();
        assert!(!flag.0.load(Ordering::SeqCst));
        drop(future);
        assert!(flag.0.load(Ordering::SeqCst));
    }

    #[tokio::test]
    async fn a_completed_future_does_not() {
        let request = http::Request::new(Body::empty());
        let (tx, rx) = std::sync::mpsc::channel();
        let response = watch(request, |request| {
            tx.send(request.extensions().get::<Disconnected>().unwrap().clone())
                .unwrap();
            async { Response::new(Body::empty()) }
        })
        .await;
        drop(response);
        assert!(!rx.recv().unwrap().0.load(Ordering::SeqCst));
    }
}
