//! Knowing that a client has gone: the server drops a request's future when
//! hyper sees the connection close; a guard in that future flips a flag the
//! request carries, so a sync view still running can ask
//! `Request::is_disconnected` (whose docs list what hyper lets us see).
//!
//! The same allocation holds the request's web slot (`web/finish.rs`:
//! cookies, session, CSRF token), made only when a request first uses one
//! of them, so a request that uses none pays for nothing more, and the
//! finish step finds it through the handle it kept.

use std::any::Any;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, ready};

use super::body::Body;
use super::response::Response;

/// What a request (in its extensions) and the future answering it share.
#[derive(Clone, Default)]
pub(crate) struct Disconnected(Arc<Shared>);

#[derive(Default)]
struct Shared {
    gone: AtomicBool,
    /// A layer above's per-request slot (the web slot), made on first use.
    slot: OnceLock<Arc<dyn Any + Send + Sync>>,
}

impl Disconnected {
    /// Whether the future answering the request was dropped unfinished.
    pub(crate) fn is_set(&self) -> bool {
        self.0.gone.load(Ordering::SeqCst)
    }

    /// The request's slot, made by `make` on first use; `None` if the slot
    /// holds another type.
    pub(crate) fn slot<T: Any + Send + Sync>(&self, make: impl FnOnce() -> T) -> Option<Arc<T>> {
        let any = self
            .0
            .slot
            .get_or_init(|| Arc::new(make()) as Arc<dyn Any + Send + Sync>);
        any.clone().downcast::<T>().ok()
    }

    /// The request's slot, if it was made.
    pub(crate) fn slot_if_any<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.0.slot.get()?.clone().downcast::<T>().ok()
    }
}

/// Sets the flag if dropped before [`Armed::disarm`]: the future was dropped
/// before it produced a response, so nobody is waiting for it.
struct Armed(Option<Disconnected>);

impl Drop for Armed {
    fn drop(&mut self) {
        if let Some(flag) = self.0.take() {
            flag.0.gone.store(true, Ordering::SeqCst);
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

/// Runs `answer` for `request` with the request's flag, which is set if the
/// returned future is dropped before it completes. `answer` gives the flag
/// to the request: `Request::with_flag`, or its extensions for a request
/// that first goes through tower layers.
pub(crate) fn watch<F, Fut>(request: http::Request<Body>, answer: F) -> Watch<Fut>
where
    F: FnOnce(http::Request<Body>, Disconnected) -> Fut,
    Fut: Future<Output = Response>,
{
    let flag = Disconnected::default();
    Watch {
        answer: answer(request, flag.clone()),
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
        let future = watch(request, |mut request, flag| async move {
            request.extensions_mut().insert(flag);
            let req = Request::from_http(request);
            seen_tx.send(req.extensions().clone()).unwrap();
            std::future::pending::<Response>().await
        });
        let mut future = Box::pin(future);
        assert!(futures_util::FutureExt::now_or_never(future.as_mut()).is_none());
        let extensions = seen_rx.recv().unwrap();
        let flag = extensions.get::<Disconnected>().unwrap().clone();
        assert!(!flag.is_set());
        drop(future);
        assert!(flag.is_set());
    }

    #[tokio::test]
    async fn a_completed_future_does_not() {
        let request = http::Request::new(Body::empty());
        let (tx, rx) = std::sync::mpsc::channel();
        let response = watch(request, |_request, flag| {
            tx.send(flag).unwrap();
            async { Response::new(Body::empty()) }
        })
        .await;
        drop(response);
        assert!(!rx.recv().unwrap().is_set());
    }
}
