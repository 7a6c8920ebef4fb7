//! One sync thread: its slot (where `Threads::execute` puts the next job) and
//! its loop (run the job, go back among the idle, wait on the slot: a short
//! spin, then parked, until a job comes or it has been idle too long).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use super::{Shared, Task};

/// How many times an idle thread checks its slot before parking. Under load
/// the next job often comes within this window (about a microsecond), and
/// taking it costs no futex wake; when idle, the spin is over at once.
const SPINS: u32 = 128;

/// How long an idle thread waits for a job before it exits (tokio's blocking
/// threads wait as long).
const KEEP_ALIVE: Duration = Duration::from_secs(10);

pub(super) struct Slot {
    task: Mutex<Option<Task>>,
    /// Set once `task` holds a job, so a spinning thread reads one atomic.
    ready: AtomicBool,
    thread: Thread,
}

impl Slot {
    /// Hands `task` to this slot's thread and wakes it if it parked.
    pub(super) fn give(&self, task: Task) {
        *self.task.lock().unwrap_or_else(PoisonError::into_inner) = Some(task);
        self.ready.store(true, Ordering::Release);
        self.thread.unpark();
    }

    /// Wakes the thread without a job (the pool is closing).
    pub(super) fn wake(&self) {
        self.thread.unpark();
    }

    fn take(&self) -> Option<Task> {
        if !self.ready.load(Ordering::Acquire) {
            return None;
        }
        self.ready.store(false, Ordering::Relaxed);
        self.task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The next job, or `None` when this thread should exit.
    fn wait(self: &Arc<Self>, shared: &Shared) -> Option<Task> {
        for _ in 0..SPINS {
            if let Some(task) = self.take() {
                return Some(task);
            }
            std::hint::spin_loop();
        }
        let deadline = Instant::now() + KEEP_ALIVE;
        loop {
            if let Some(task) = self.take() {
                return Some(task);
            }
            let now = Instant::now();
            if now >= deadline || shared.closed() {
                if shared.retire(self) {
                    return None;
                }
                // Taken out of the idle list meanwhile: its job is on the way.
                thread::park();
                continue;
            }
            thread::park_timeout(deadline - now);
        }
    }
}

/// A sync thread's life: `first`, then whatever job comes to its slot.
pub(super) fn work(shared: Arc<Shared>, first: Task) {
    let slot = Arc::new(Slot {
        task: Mutex::new(None),
        ready: AtomicBool::new(false),
        thread: thread::current(),
    });
    let mut next = Some(first);
    while let Some(Task { run, permit }) = next {
        // `pool.rs` catches the job's own panic; this keeps the thread (and
        // the count of live threads) right should anything around it panic.
        let _ = catch_unwind(AssertUnwindSafe(run));
        // Idle again before the permit goes back (see `Task::permit`).
        let keep = shared.enlist(&slot);
        drop(permit);
        if !keep {
            return;
        }
        next = slot.wait(&shared);
    }
}
