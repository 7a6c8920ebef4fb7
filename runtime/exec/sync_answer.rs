//! [`SyncAnswer`]: the awaiting side of a sync job already queued
//! (`pool.rs`, `SyncPool::start`). It first makes good the wake-up the queue
//! put off (`threads/`, `WakeLater`): it lets its async worker run the other
//! tasks it has ready, then wakes a thread if the job still waits. Then it
//! waits for the job's answer, and frees the request the job gave back here,
//! on the worker that allocated it (`home_drop.rs`).
//!
//! A hand-written future, not an `async` block: the job is in its cell
//! already, so the future holds only handles, and nothing large is moved.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use super::failure::SyncFailure;
use super::job_cell::Lost;
use super::threads::WakeLater;
use crate::core::Request;

/// What a sync job hands back: its result (or its panic), and the request
/// it gave back to be freed where it was allocated.
pub(super) type Ran<R> = (Result<R, Box<dyn Any + Send>>, Option<Request>);

pin_project_lite::pin_project! {
    /// The future `SyncPool::start` returns for a queued job.
    pub(super) struct SyncAnswer<A, Y> {
        answer: A,
        // The wake-up still owed, made after the worker's other ready tasks.
        wake: Option<WakeLater>,
        // `tokio::task::yield_now()`, polled only while a wake-up is owed.
        #[pin]
        yielding: Y,
    }
}

impl<A, Y> SyncAnswer<A, Y> {
    pub(super) fn new(answer: A, wake: Option<WakeLater>, yielding: Y) -> Self {
        SyncAnswer {
            answer,
            wake,
            yielding,
        }
    }
}

impl<A, Y, R> Future for SyncAnswer<A, Y>
where
    A: Future<Output = Result<Ran<R>, Lost>> + Unpin,
    Y: Future<Output = ()>,
{
    type Output = Result<R, SyncFailure>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if this.wake.is_some() {
            ready!(this.yielding.poll(cx));
            if let Some(wake) = this.wake.take() {
                wake.now();
            }
        }
        let (result, given_back) = match ready!(Pin::new(this.answer).poll(cx)) {
            Ok(ran) => ran,
            Err(Lost) => {
                let why = "no sync thread could be started (see the error logged)";
                return Poll::Ready(Err(SyncFailure::Lost(why.to_owned())));
            }
        };
        drop(given_back); // here, on the worker that allocated it
        Poll::Ready(result.map_err(SyncFailure::Panicked))
    }
}
