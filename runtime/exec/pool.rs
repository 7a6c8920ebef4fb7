//! The bounded pool of sync threads and **the one wrapper every sync job goes
//! through**, [`SyncPool::start`] ([`SyncPool::run`] is the same, awaited):
//! it takes one of `App::sync_threads` permits (waiting at most
//! `App::sync_wait`), moves the job to a sync thread with the current
//! `tracing` span entered, marks the thread, counts the job while it runs,
//! and catches its panic. A job started on a sync thread runs right there:
//! the request already holds its permit, and makes no second switch. The
//! threads are twain's own (`threads/`; the job and its answer share one
//! allocation, `job_cell.rs`), not tokio's blocking pool; the job runs with
//! the caller's tokio runtime entered, so `block_on`, timers and `tokio::fs`
//! work in it as they would on a blocking thread.
//!
//! Which pool a job uses is the pool of the code that starts it:
//! [`SyncPool::current`] — the pool of the sync job this thread runs, else
//! the pool of the request this worker is polling (`request_pool.rs`), else a
//! process-wide pool with the defaults of `App`.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::blocking::Blocking;
use super::failure::SyncFailure;
use super::home_drop;
use super::job_cell::JobCell;
use super::request_pool::request_pool;
use super::sync_answer::{Started, SyncAnswer, WaitingForPermit};
use super::thread::{SyncThreadMark, on_sync_thread};
use super::threads::{Task, Threads};
use crate::core::stats;

/// Bounds how many sync jobs run at once, and how long one waits for a turn.
pub(crate) struct SyncPool {
    permits: Arc<Semaphore>,
    wait: Duration,
    /// Switches made through this pool: one app's count, which tests can read
    /// without the races of the process-wide `twain::stats::switches`.
    switches: AtomicU64,
    /// The threads the jobs run on: at most one per permit.
    threads: Threads,
}

/// What a job is, for the counters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Job {
    /// A request's own sync code (a sync view or middleware, `sync_to_async`):
    /// counted as the request's switch to a sync thread.
    Switch,
    /// Work twain does for a request on a sync thread (writing a spool file,
    /// pulling a `Chunks` iterator): bounded like the rest, not a switch.
    Helper,
}

thread_local! {
    /// The pool of the sync job this thread is running, if any.
    static THREAD_POOL: RefCell<Option<Arc<SyncPool>>> = const { RefCell::new(None) };
}

impl SyncPool {
    /// `App`'s defaults: 64 sync threads, 10 s wait for one.
    pub(crate) const DEFAULT_THREADS: usize = 64;
    pub(crate) const DEFAULT_WAIT: Duration = Duration::from_secs(10);

    pub(crate) fn new(threads: usize, wait: Duration) -> Self {
        let threads = threads.max(1);
        let permits = Arc::new(Semaphore::new(threads));
        // The busy-threads gauge, read at a scrape (`ops`).
        let watched = Arc::downgrade(&permits);
        crate::ops::on_scrape(move |totals| {
            let Some(permits) = watched.upgrade() else {
                return false;
            };
            totals.sync_busy += threads.saturating_sub(permits.available_permits());
            totals.sync_threads += threads;
            true
        });
        SyncPool {
            permits,
            wait,
            switches: AtomicU64::new(0),
            threads: Threads::new(),
        }
    }

    /// The pool a job started here uses (see the module docs).
    pub(crate) fn current() -> Arc<SyncPool> {
        if let Some(pool) = THREAD_POOL.with_borrow(Clone::clone) {
            return pool;
        }
        request_pool().unwrap_or_else(|| SyncPool::process_default().clone())
    }

    /// The pool used outside any request.
    fn process_default() -> &'static Arc<SyncPool> {
        static POOL: OnceLock<Arc<SyncPool>> = OnceLock::new();
        POOL.get_or_init(|| {
            Arc::new(SyncPool::new(
                SyncPool::DEFAULT_THREADS,
                SyncPool::DEFAULT_WAIT,
            ))
        })
    }

    /// How many requests moved to a sync thread through this pool.
    pub(crate) fn switches(&self) -> u64 {
        self.switches.load(Ordering::Relaxed)
    }

    /// Runs `job` on a sync thread and hands back its result: the
    /// [`SyncPool::start`] of work that can wait for its first poll (spooling,
    /// `Chunks`, `db.run`, `sync_to_async`, …). On a sync thread already, it
    /// runs `job` inline. Like any future, it does nothing until polled.
    pub(crate) async fn run<R: Send + 'static>(
        self: &Arc<Self>,
        kind: Job,
        job: impl for<'cx> FnOnce(Blocking<'cx>) -> R + Send + 'static,
    ) -> Result<R, SyncFailure> {
        self.start(kind, job).await
    }

    /// Starts `job` now, not at a first poll: when it returns, the job is
    /// queued for a sync thread (or, with no permit free, waiting for one; or
    /// run, on a sync thread already). So the job is moved once, into its
    /// cell, and the future ([`Started`]) is a few handles, of a type its
    /// caller can name and hold unboxed: what a request's sync part uses
    /// (`handler/step.rs`), whose future is polled at once.
    pub(crate) fn start<R: Send + 'static>(
        self: &Arc<Self>,
        kind: Job,
        job: impl for<'cx> FnOnce(Blocking<'cx>) -> R + Send + 'static,
    ) -> Started<R> {
        if on_sync_thread() {
            tracing::trace!("already on a sync thread: the job runs in place");
            let ran = catch_unwind(AssertUnwindSafe(|| job(Blocking::new())));
            return Started::Ran(Some(Box::new(ran.map_err(SyncFailure::Panicked))));
        }
        // A free thread is the common case: take it without arming a timer.
        match self.permits.clone().try_acquire_owned() {
            Ok(permit) => Started::Queued(self.queue(kind, permit, job)),
            Err(_) => {
                let pool = self.clone();
                let waiting: WaitingForPermit<R> = Box::pin(async move {
                    let wait = pool.permits.clone().acquire_owned();
                    match tokio::time::timeout(pool.wait, wait).await {
                        Ok(Ok(permit)) => pool.queue(kind, permit, job).await,
                        _ => Err(SyncFailure::Busy { wait: pool.wait }),
                    }
                });
                Started::Waiting(waiting)
            }
        }
    }

    /// Puts `job` in its cell and queues it for a sync thread, with the
    /// current span, the runtime, the thread's marks and this pool around
    /// it; the future returned awaits its answer.
    fn queue<R: Send + 'static>(
        self: &Arc<Self>,
        kind: Job,
        permit: OwnedSemaphorePermit,
        job: impl for<'cx> FnOnce(Blocking<'cx>) -> R + Send + 'static,
    ) -> SyncAnswer<R> {
        if kind == Job::Switch {
            stats::count_switch();
            self.switches.fetch_add(1, Ordering::Relaxed);
        }
        let span = tracing::Span::current();
        let pool = self.clone();
        let runtime = Handle::try_current().ok();
        // The answer goes to the awaiting task once the job's marks are off
        // (it sees the job finished, not running), and with it the request
        // the job gave back, to be freed where it was allocated.
        let run = move || {
            home_drop::collecting(|| {
                let _runtime = runtime.as_ref().map(Handle::enter);
                let _job = stats::LiveCount::new(&stats::SYNC_JOBS);
                let _span = span.enter();
                let _mark = SyncThreadMark::enter();
                let _pool = ThreadPool::enter(pool);
                catch_unwind(AssertUnwindSafe(|| job(Blocking::new())))
            })
        };
        let (cell, answer) = JobCell::pair(run);
        // With no awake thread to take the job, the wake-up waits until this
        // worker has run the other tasks it has ready (their jobs queue up
        // behind this one, or a thread finishes and takes it): one wake-up
        // for several jobs.
        let wake = self.threads.enqueue(Task::new(cell, permit));
        SyncAnswer::new(answer, wake)
    }
}

/// Sets this thread's pool until dropped.
struct ThreadPool(Option<Arc<SyncPool>>);

impl ThreadPool {
    fn enter(pool: Arc<SyncPool>) -> Self {
        ThreadPool(THREAD_POOL.with_borrow_mut(|slot| slot.replace(pool)))
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        let was = self.0.take();
        THREAD_POOL.with_borrow_mut(|slot| *slot = was);
    }
}
