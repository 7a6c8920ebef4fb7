//! [`Chunks`]: a sync `Iterator` of chunks as a response body. Each `next()`
//! runs on a sync thread through the sync pool's wrapper (so it counts against
//! `App::sync_threads` of the app whose view made it), never on an async
//! worker, and only when the
//! connection has taken the previous chunk: the iterator is at most one chunk
//! ahead of a slow client, and no thread is held while the client is slow.
//! When the client goes away the body is dropped and no further chunk is
//! pulled; a `next()` already running finishes first, then the iterator is
//! dropped on its sync thread.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http_body::Frame;

use crate::core::{Body, BoxError, IntoResponse, LogSafe, Response};
use crate::exec::{Blocking, Job, SyncFailure, SyncPool, panic_message};

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
        // The pool of the view that made it: the body is polled later, by the
        // connection, outside the request's task.
        let pool = SyncPool::current();
        let body = IterBody::Idle(Some((Box::new(self.0.into_iter()), pool)));
        let mut response = Response::new(Body::new(body));
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        response
    }
}

/// What one pull hands back: the iterator if it may go on (it is dropped on
/// the sync thread once it ends, errs or panics), and the chunk.
type Pulled<I> = (Option<Box<I>>, Option<Result<Bytes, BoxError>>);

/// One pull in flight, and the pool for the next.
struct Pull<I> {
    job: Pin<Box<dyn Future<Output = Result<Pulled<I>, SyncFailure>> + Send>>,
    pool: Arc<SyncPool>,
}

/// Not started until first polled (so building the response needs no
/// runtime); then always one pull in flight on a sync thread, started when the
/// previous chunk is handed to the connection.
enum IterBody<I> {
    Idle(Option<(Box<I>, Arc<SyncPool>)>),
    Pulling(Pull<I>),
    Done,
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
        // `IterBody` is `Unpin`: it holds boxes.
        let this = self.get_mut();
        if let IterBody::Idle(idle) = this {
            match idle.take() {
                Some((iter, pool)) => *this = IterBody::Pulling(pull(iter, pool)),
                None => *this = IterBody::Done,
            }
        }
        let IterBody::Pulling(pulling) = this else {
            return Poll::Ready(None);
        };
        let (iter, chunk) = match ready!(pulling.job.as_mut().poll(cx)) {
            Ok(pulled) => pulled,
            Err(failure) => (None, Some(Err(failed(failure)))),
        };
        // Pull the next chunk while this one is sent: one ahead at most.
        let pool = pulling.pool.clone();
        *this = match iter {
            Some(iter) => IterBody::Pulling(pull(iter, pool)),
            None => IterBody::Done,
        };
        Poll::Ready(chunk.map(|chunk| chunk.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, IterBody::Done)
    }
}

/// Pulls one chunk on a sync thread of `pool`. A panic in `next()` ends the
/// body with an error; the iterator is dropped there when it ends, errs or
/// panics.
fn pull<I>(mut iter: Box<I>, pool: Arc<SyncPool>) -> Pull<I>
where
    I: Iterator + Send + 'static,
    I::Item: Chunk,
{
    let job_pool = pool.clone();
    let job = async move {
        job_pool
            .run(Job::Helper, move |_: Blocking<'_>| match iter.next() {
                Some(item) => match item.into_chunk() {
                    Ok(chunk) => (Some(iter), Some(Ok(chunk))),
                    Err(err) => (None, Some(Err(err))),
                },
                None => (None, None),
            })
            .await
    };
    Pull {
        job: Box::pin(job),
        pool,
    }
}

/// Why the body stops when a pull failed, logged once.
fn failed(failure: SyncFailure) -> BoxError {
    match failure {
        SyncFailure::Panicked(payload) => {
            let message = panic_message(&*payload).to_owned();
            tracing::error!(panic = %LogSafe(&message), "a response iterator panicked; the response is cut short");
            format!("the response iterator panicked: {message}").into()
        }
        SyncFailure::Busy { wait } => {
            tracing::warn!(
                "no sync thread free to pull a response iterator after {wait:?}; the response is cut short (raise App::sync_threads?)"
            );
            format!("no sync thread free to pull the response iterator after {wait:?}").into()
        }
        SyncFailure::Lost(why) => {
            tracing::error!(error = %LogSafe(&why), "the sync thread pulling a response iterator was lost");
            BoxError::from("the response iterator was lost")
        }
    }
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
            // read so far, plus the one pulled ahead
            assert!(
                made.load(Ordering::SeqCst) <= read + 1,
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
