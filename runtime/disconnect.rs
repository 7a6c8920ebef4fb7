//! Knowing that a client has gone: the server drops a request's future when
//! hyper sees the connection close; a guard in that future flips a flag the
//! request carries, so a sync view still running can ask
//! [`Request::is_disconnected`] (whose docs list what hyper lets us see).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::body::Body;
use crate::request::Request;
use crate::response::Response;

/// The flag shared by a request (in its extensions) and the future answering it.
#[derive(Clone, Default)]
struct Disconnected(Arc<AtomicBool>);

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

/// Runs `answer` for `request`, flagging the request as disconnected if the
/// returned future is dropped before it completes.
pub(crate) async fn watch<F, Fut>(mut request: http::Request<Body>, answer: F) -> Response
where
    F: FnOnce(http::Request<Body>) -> Fut,
    Fut: Future<Output = Response>,
{
    let flag = Disconnected::default();
    request.extensions_mut().insert(flag.clone());
    let mut armed = Armed(Some(flag));
    let response = answer(request).await;
    armed.0 = None;
    response
}

impl Request {
    /// Whether the client has gone away: a long sync view can check it between
    /// steps and stop early (it is never interrupted). Always `false` in the
    /// test clients.
    ///
    /// When the server notices the client has gone, it drops the request's
    /// future: an async view is cancelled at its next `.await`, and this flag
    /// is set. What hyper 1 lets it notice (read in hyper's source, and tested
    /// in `tests/bodies.rs`):
    /// - HTTP/1.1, once the request body has been read to its end (always so
    ///   for sync views, whose body is spooled first): hyper keeps reading the
    ///   socket while the view runs, and an EOF or reset (the client closed,
    ///   was killed, or half-closed its side) ends the connection;
    /// - HTTP/2: a `RST_STREAM` for the request (the client cancelled it) or
    ///   the connection closing.
    ///
    /// What it cannot notice:
    /// - an HTTP/1.1 client leaving while an async view has not read the body
    ///   to its end: hyper reads the socket only when the view asks for body
    ///   bytes, so the next read fails instead;
    /// - a client whose machine or network vanished without a FIN or RST:
    ///   nothing arrives, so nothing is seen until TCP gives up;
    /// - an HTTP/1.1 client that pipelined its next request: hyper does not
    ///   look past bytes already buffered;
    /// - an HTTP/1.1 client that half-closes but still wants the answer is
    ///   taken as gone (hyper's `half_close` is off).
    pub fn is_disconnected(&self) -> bool {
        self.extensions()
            .get::<Disconnected>()
            .is_some_and(|flag| flag.0.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
