//! The one allocation a sync job makes: the job, its answer, and the waker of
//! the task awaiting it, in one cell shared by the async worker that made it
//! and the sync thread that runs it. The thread lets go of the cell before it
//! wakes the awaiting task, so the worker that allocated the cell frees it
//! too (a cross-thread free takes a contended glibc arena lock; see
//! `home_drop.rs`), where a boxed closure and a oneshot channel would be two
//! allocations, each freed by whichever thread is last.

use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use super::threads::RunJob;

/// A job for a sync thread, and where its answer goes.
pub(super) struct JobCell<F, R> {
    inner: Mutex<Inner<F, R>>,
}

struct Inner<F, R> {
    stage: Stage<F, R>,
    /// The task awaiting the answer, once it has looked and found none.
    waker: Option<Waker>,
}

enum Stage<F, R> {
    Queued(F),
    Running,
    Done(R),
    /// Dropped by the threads unrun (no thread could be started).
    Lost,
    /// The answer was taken.
    Taken,
}

/// The job was dropped unrun: no sync thread could be started.
pub(super) struct Lost;

impl<F, R> JobCell<F, R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    /// A cell for `job`: one handle for the threads, one to await.
    pub(super) fn pair(job: F) -> (Arc<dyn RunJob>, Answer<R>) {
        let cell = Arc::new(JobCell {
            inner: Mutex::new(Inner {
                stage: Stage::Queued(job),
                waker: None,
            }),
        });
        (cell.clone(), Answer(cell))
    }
}

impl<F, R> JobCell<F, R> {
    fn lock(&self) -> MutexGuard<'_, Inner<F, R>> {
        // No code that can panic runs under the lock (the job runs outside it).
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<F, R> RunJob for JobCell<F, R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    fn run(self: Arc<Self>) {
        let job = match mem::replace(&mut self.lock().stage, Stage::Running) {
            Stage::Queued(job) => job,
            _ => unreachable!("a sync job runs once"),
        };
        // Should anything around the job panic (`pool.rs` catches the job's
        // own panic), the awaiting side hears the job lost, not nothing.
        let unwinding = LostOnUnwind(&*self);
        let answer = job();
        mem::forget(unwinding);
        let waker = {
            let mut inner = self.lock();
            inner.stage = Stage::Done(answer);
            inner.waker.take()
        };
        // Let go first, so the awaiting side (if still there) frees the cell.
        drop(self);
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    fn abandon(self: Arc<Self>) {
        let (job, waker) = {
            let mut inner = self.lock();
            (
                mem::replace(&mut inner.stage, Stage::Lost),
                inner.waker.take(),
            )
        };
        drop(job);
        drop(self);
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// Marks the job lost if dropped: only while unwinding out of `run`.
struct LostOnUnwind<'a, F, R>(&'a JobCell<F, R>);

impl<F, R> Drop for LostOnUnwind<'_, F, R> {
    fn drop(&mut self) {
        let waker = {
            let mut inner = self.0.lock();
            inner.stage = Stage::Lost;
            inner.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// The awaiting side: ready with the job's answer, or [`Lost`]. The job's
/// type is behind the handle, so whoever awaits names only the answer's
/// (a request's step holds it unboxed: `handler/step.rs`).
pub(super) struct Answer<R>(Arc<dyn AwaitAnswer<R>>);

/// A cell as its awaiting side sees it.
trait AwaitAnswer<R>: Send + Sync {
    fn poll_answer(&self, cx: &mut Context<'_>) -> Poll<Result<R, Lost>>;
}

impl<F: Send, R: Send> AwaitAnswer<R> for JobCell<F, R> {
    fn poll_answer(&self, cx: &mut Context<'_>) -> Poll<Result<R, Lost>> {
        let mut inner = self.lock();
        if let Stage::Queued(_) | Stage::Running = inner.stage {
            // Looked at in place: the queued job is not moved out and back.
            match &mut inner.waker {
                Some(waker) if waker.will_wake(cx.waker()) => {}
                slot => *slot = Some(cx.waker().clone()),
            }
            return Poll::Pending;
        }
        match mem::replace(&mut inner.stage, Stage::Taken) {
            Stage::Done(answer) => Poll::Ready(Ok(answer)),
            Stage::Lost => Poll::Ready(Err(Lost)),
            _ => panic!("a sync job's answer was awaited after it was taken"),
        }
    }
}

impl<R> Future for Answer<R> {
    type Output = Result<R, Lost>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.poll_answer(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::sync::Arc;
    use std::task::{Context, Poll, Waker};

    use super::{Answer, JobCell, Lost};

    fn poll<R>(answer: &mut Answer<R>) -> Poll<Result<R, Lost>> {
        let mut cx = Context::from_waker(Waker::noop());
        std::pin::Pin::new(answer).poll(&mut cx)
    }

    #[test]
    fn the_answer_comes_back_and_the_awaiting_side_frees_the_cell() {
        let (cell, mut answer) = JobCell::pair(|| 6 * 7);
        assert!(poll(&mut answer).is_pending());
        let thread = std::thread::spawn(move || cell.run());
        thread.join().unwrap();
        // The thread let go before it woke us: ours is the last handle.
        assert_eq!(Arc::strong_count(&answer.0), 1);
        assert!(matches!(poll(&mut answer), Poll::Ready(Ok(42))));
    }

    #[test]
    fn a_job_dropped_unrun_is_lost() {
        let (cell, mut answer) = JobCell::pair(|| 1);
        cell.abandon();
        assert!(matches!(poll(&mut answer), Poll::Ready(Err(Lost))));
    }

    #[test]
    fn a_panic_out_of_the_job_is_a_job_lost() {
        let (cell, mut answer) = JobCell::pair(|| -> u8 { panic!("escaped") });
        let thread = std::thread::spawn(move || cell.run());
        assert!(thread.join().is_err());
        assert!(matches!(poll(&mut answer), Poll::Ready(Err(Lost))));
    }
}
