//! One sync thread's life: take a job, run it, take the next one if queued;
//! otherwise park until woken for a job or idle too long.
//!
//! It does not spin before parking: where the cores are all busy (the load
//! generator shares them in `twain-bench --only sync`) a spinning thread
//! takes the core the job's producer needs, raising the server's CPU per
//! sync request for no gain in throughput (`benches/HISTORY.md`). Taking the
//! next queued job straight after one ends already gives the batching a spin
//! would.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use super::{Shared, Task};

/// How long a parked thread waits for a job before it exits (tokio's
/// blocking threads wait as long).
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// A parked thread, and whether it was woken on purpose.
pub(super) struct Sleeper {
    woken: AtomicBool,
    thread: Thread,
}

impl Sleeper {
    /// Wakes the thread (the caller has counted it as awake).
    pub(super) fn wake(&self) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// A sync thread's loop. It starts counted as awake (`State::awake`).
pub(super) fn work(shared: Arc<Shared>) {
    let me = Arc::new(Sleeper {
        woken: AtomicBool::new(false),
        thread: thread::current(),
    });
    while let Some(task) = next(&shared, &me) {
        let mut task = Some(task);
        while let Some((job, permit)) = task.take().map(Task::take) {
            // `pool.rs` catches the job's own panic; this keeps the thread
            // (and the counts) right should anything around it panic.
            if let Some(job) = job {
                let _ = catch_unwind(AssertUnwindSafe(|| job.run()));
            }
            let mut state = shared.lock();
            task = shared.pop(&mut state);
            if task.is_none() {
                state.awake += 1;
            }
            drop(state);
            // Free again before the permit goes back (see `Task::permit`).
            drop(permit);
        }
    }
}

/// The next job for an awake thread, or `None` when it should exit. Leaves
/// the thread counted as busy (not awake) when it returns a job.
fn next(shared: &Shared, me: &Arc<Sleeper>) -> Option<Task> {
    loop {
        let mut state = shared.lock();
        if let Some(task) = shared.pop(&mut state) {
            state.awake -= 1;
            return Some(task);
        }
        state.awake -= 1;
        if state.closed {
            state.alive -= 1;
            return None;
        }
        me.woken.store(false, Ordering::Relaxed);
        state.parked.push(me.clone());
        drop(state);
        if !sleep(shared, me) {
            return None;
        }
    }
}

/// Parks until woken (`true`, counted as awake again by the waker) or idle
/// for `KEEP_ALIVE` (`false`, no longer alive).
fn sleep(shared: &Shared, me: &Arc<Sleeper>) -> bool {
    let deadline = Instant::now() + KEEP_ALIVE;
    loop {
        if me.woken.load(Ordering::Acquire) {
            return true;
        }
        let now = Instant::now();
        if now >= deadline {
            let mut state = shared.lock();
            if let Some(at) = state.parked.iter().position(|s| Arc::ptr_eq(s, me)) {
                state.parked.remove(at);
                state.alive -= 1;
                return false;
            }
            // Woken meanwhile: the flag is on its way.
            drop(state);
            thread::park();
            continue;
        }
        thread::park_timeout(deadline - now);
    }
}
