//! [`Chunks`]: a sync `Iterator` of chunks as a response body. The iterator is
//! pulled on a sync thread, one chunk at a time, never on an async worker; a
//! channel of one slot between that thread and the connection is the
//! backpressure, so a slow client keeps the iterator at most one chunk ahead.
//! When the client goes away the body is dropped, the thread's next send
//! fails, and the iterator is dropped there (a `next()` already running is not
//! interrupted: it finishes first).

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http_body::Frame;
use tokio::sync::mpsc;

use crate::blocking::SyncThreadMark;
use crate::body::{Body, BoxError};
use crate::panic::panic_message;
use crate::response::{IntoResponse, Response};
use crate::stats::{LiveCount, SYNC_JOBS};

/// Chunks the sync thread may produce ahead of the connection.
const AHEAD: usize = 1;

/// One item of a [`Chunks`] iterator: bytes, text, or a `Result` of those (an
/// `Err` ends the response abruptly; the client sees a truncated body).
pub trait Chunk: Send + 'static {
    /// The bytes to send, or why the body stops.
    fn into_chunk(self) -> Result<Bytes, BoxError>;
}

macro_rules! chunk_via_bytes {
    ($($ty:ty),*) => {$(
        impl Chunk for $ty {
            fn into_chunk(self) -> Result<Bytes, BoxError> {
                Ok(Bytes::from(self))
            }
        }
    )*};
}

chunk_via_bytes!(Bytes, Vec<u8>, String, &'static str, &'static [u8]);

impl<T, E> Chunk for Result<T, E>
where
    T: Into<Bytes> + Send + 'static,
    E: Into<BoxError> + Send + 'static,
{
    fn into_chunk(self) -> Result<Bytes, BoxError> {
        self.map(Into::into).map_err(Into::into)
    }
}

/// A response body pulled from a sync `Iterator`, chunk by chunk, on a sync
/// thread (sent with chunked transfer encoding, `Content-Type:
/// application/octet-stream` unless set otherwise).
///
/// ```
/// use twain::prelude::*;
/// use twain::Chunks;
///
/// #[view]
/// fn csv() -> Chunks<impl Iterator<Item = String> + Send> {
///     Chunks((1..=3).map(|n| format!("{n},{}\n", n * n)))
/// }
/// # let client = twain::test::Client::new(App::new().route("", csv));
/// # assert_eq!(client.get("/").text(), "1,1\n2,4\n3,9\n");
/// ```
#[derive(Debug)]
pub struct Chunks<I>(pub I);

impl<I> IntoResponse for Chunks<I>
where
    I: IntoIterator + Send + 'static,
    I::IntoIter: Send + 'static,
    I::Item: Chunk,
{
    fn into_response(self) -> Response {
        let body = IterBody::Idle(Some(Box::new(self.0.into_iter())));
        let mut response = Response::new(Body::new(body));
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        response
    }
}

type Produced = Result<Bytes, BoxError>;

/// Not started until first polled (so building the response needs no
/// runtime); then the receiving end of the sync thread's channel.
enum IterBody<I> {
    Idle(Option<Box<I>>),
    Running(mpsc::Receiver<Produced>),
}

impl<I> http_body::Body for IterBody<I>
where
    I: Iterator + Send + 'static,
    I::Item: Chunk,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        // `IterBody` is `Unpin`: it holds only a box and a receiver.
        let this = self.get_mut();
        if let IterBody::Idle(iter) = this {
            let Some(iter) = iter.take() else {
                return Poll::Ready(None);
            };
            let (tx, rx) = mpsc::channel(AHEAD);
            let span = tracing::Span::current();
            tokio::task::spawn_blocking(move || {
                let _span = span.enter();
                pull(*iter, tx);
            });
            *this = IterBody::Running(rx);
        }
        let IterBody::Running(rx) = this else {
            return Poll::Ready(None);
        };
        rx.poll_recv(cx)
            .map(|item| item.map(|chunk| chunk.map(Frame::data)))
    }
}

/// The sync thread's loop: next chunk, wait for room, send; stop when the
/// iterator ends, panics or errs, or the client is gone.
fn pull<I>(mut iter: I, tx: mpsc::Sender<Produced>)
where
    I: Iterator,
    I::Item: Chunk,
{
    let _job = LiveCount::new(&SYNC_JOBS);
    let _mark = SyncThreadMark::enter();
    loop {
        let next = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| iter.next()));
        let item = match next {
            Ok(Some(item)) => item.into_chunk(),
            Ok(None) => break,
            Err(payload) => {
                let message = panic_message(&*payload).to_owned();
                tracing::error!(panic = %message, "a response iterator panicked; the response is cut short");
                Err(format!("the response iterator panicked: {message}").into())
            }
        };
        let failed = item.is_err();
        if tx.blocking_send(item).is_err() {
            tracing::debug!("client gone mid-stream; dropping the response iterator");
            break;
        }
        if failed {
            break;
        }
    }
    drop(iter);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use http_body_util::BodyExt;

    use super::*;

    struct Counted {
        made: Arc<AtomicUsize>,
        dropped: Arc<AtomicUsize>,
    }

    impl Iterator for Counted {
        type Item = Vec<u8>;
        fn next(&mut self) -> Option<Vec<u8>> {
            self.made.fetch_add(1, Ordering::SeqCst);
            Some(vec![b'x'; 1024])
        }
    }

    impl Drop for Counted {
        fn drop(&mut self) {
            self.dropped.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_slow_reader_keeps_the_iterator_close_and_dropping_stops_it() {
        let made = Arc::new(AtomicUsize::new(0));
        let dropped = Arc::new(AtomicUsize::new(0));
        let iter = Counted {
            made: made.clone(),
            dropped: dropped.clone(),
        };
        let mut body = Chunks(iter).into_response().into_body();
        for read in 1..=5 {
            body.frame().await.unwrap().unwrap();
            tokio::time::sleep(Duration::from_millis(30)).await;
            // read so far, one in the channel, one made and waiting to be sent
            assert!(
                made.load(Ordering::SeqCst) <= read + AHEAD + 1,
                "the iterator ran ahead"
            );
        }
        drop(body);
        for _ in 0..200 {
            if dropped.load(Ordering::SeqCst) == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(
            dropped.load(Ordering::SeqCst),
            1,
            "the iterator was not dropped"
        );
    }

    #[tokio::test]
    async fn a_panicking_iterator_ends_the_body_with_an_error() {
        let iter = (0..3).map(|i| if i == 1 { panic!("boom") } else { "ok" });
        let body = Chunks(iter).into_response().into_body();
        let err = body.collect().await.err().unwrap();
        assert!(err.to_string().contains("boom"), "{err}");
    }
}
