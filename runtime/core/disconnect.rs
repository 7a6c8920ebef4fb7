//! Knowing that a client has gone: the server drops a request's future when
//! hyper sees the connection close; a guard in that future flips a flag the
//! request carries, so a sync view still running can ask
//! `Request::is_disconnected` (whose docs list what hyper lets us see).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

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
    /// The future [`watch`] returns: `answer`, and the guard that sets the
    /// flag if it is dropped unfinished. A struct rather than an `async fn`,
    /// which would store `answer` twice (argument and awaited value).
    pub(crate) struct Watch<Fut> {
        #[pin]
        answer: Fut,
        armed: Armed,
    }
}

/// Runs `answer`, setting `flag` if the returned future is dropped before
/// it completes. The request `answer` serves holds a clone of `flag`
/// (`Request::watched`), so no extension is allocated for it.
pub(crate) fn watch<Fut>(flag: Disconnected, answer: Fut) -> Watch<Fut>
where
    Fut: Future<Output = Response>,
{
    Watch {
        answer,
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
    use crate::core::Body;
    use crate::core::Request;

    #[tokio::test]
    async fn a_dropped_future_flags_the_request() {
        let flag = Disconnected::default();
        let req = Request::watched(
            http::Request::new(Body::empty()),
            Default::default(),
            flag.clone(),
        );
        let future = watch(flag.clone(), async move {
            let _req = req;
            std::future::pending::<Response>().await
        });
        let mut future = Box::pin(future);
        assert!(futures_util::FutureExt::now_or_never(future.as_mut()).is_none());
        assert!(!flag.is_set());
        drop(future);
        assert!(flag.is_set());
    }

    #[tokio::test]
    async fn a_completed_future_does_not() {
        let flag = Disconnected::default();
        let req = Request::watched(
            http::Request::new(Body::empty()),
            Default::default(),
            flag.clone(),
        );
        let response = watch(flag.clone(), async move {
            assert!(!req.is_disconnected());
            Response::new(Body::empty())
        })
        .await;
        drop(response);
        assert!(!flag.is_set());
    }
}
