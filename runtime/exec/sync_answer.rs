//! What [`SyncPool::start`](super::SyncPool::start) returns: [`Started`],
//! a sync job's answer on its way, as a type its callers can name (a
//! request's step holds it in place, with no box: `handler/step.rs`).
//!
//! Its usual state is [`SyncAnswer`], the awaiting side of a job already
//! queued. It first makes good the wake-up the queue put off (`threads/`,
//! `WakeLater`): it lets its async worker run the other tasks it has ready,
//! then wakes a thread if the job still waits. Then it waits for the job's
//! answer, and frees the request the job gave back here, on the worker that
//! allocated it (`home_drop.rs`).
//!
//! Hand-written futures, not `async` blocks: the job is in its cell
//! already, so they hold only handles, and nothing large is moved.

use std::any::Any;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, ready};

use super::failure::SyncFailure;
use super::job_cell::{Answer, Lost};
use super::threads::WakeLater;
use crate::core::Request;

/// What a sync job hands back: its result (or its panic), and the request
/// it gave back to be freed where it was allocated.
pub(super) type Ran<R> = (Result<R, Box<dyn Any + Send>>, Option<Request>);

/// A job waiting for a permit (all `App::sync_threads` busy): boxed, since
/// it holds the job, and rare.
pub(super) type WaitingForPermit<R> = Pin<Box<dyn Future<Output = Result<R, SyncFailure>> + Send>>;

/// A sync job started by `SyncPool::start`, until its answer is taken.
pub(crate) enum Started<R> {
    /// Run already (started on a sync thread, where it runs in place):
    /// boxed, as it is rare, so that the usual state stays small.
    Ran(Option<Box<Result<R, SyncFailure>>>),
    /// Queued for a sync thread.
    Queued(SyncAnswer<R>),
    /// Waiting for a permit first.
    Waiting(WaitingForPermit<R>),
}

impl<R> Future for Started<R> {
    type Output = Result<R, SyncFailure>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Started::Ran(ran) => {
                Poll::Ready(*ran.take().expect("a sync job's answer is taken once"))
            }
            Started::Queued(answer) => Pin::new(answer).poll(cx),
            Started::Waiting(waiting) => waiting.as_mut().poll(cx),
        }
    }
}

/// The awaiting side of a queued job.
pub(crate) struct SyncAnswer<R> {
    answer: Answer<Ran<R>>,
    /// The wake-up still owed, made after the worker's other ready tasks.
    wake: Option<WakeLater>,
    /// Whether this task has let the worker's other ready tasks run.
    yielded: bool,
}

impl<R> SyncAnswer<R> {
    pub(super) fn new(answer: Answer<Ran<R>>, wake: Option<WakeLater>) -> Self {
        SyncAnswer {
            answer,
            wake,
            yielded: false,
        }
    }
}

impl<R> Future for SyncAnswer<R> {
    type Output = Result<R, SyncFailure>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if this.wake.is_some() {
            if !this.yielded {
                this.yielded = true;
                // tokio's own yield: this task is woken once the worker has
                // run its other ready tasks (a plain self-wake would run it
                // first). A fresh one, polled once, does just that.
                let mut yielding = pin!(tokio::task::yield_now());
                if yielding.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
            }
            if let Some(wake) = this.wake.take() {
                wake.now();
            }
        }
        let (result, given_back) = match ready!(Pin::new(&mut this.answer).poll(cx)) {
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
