//! twain's own sync threads: the machinery behind `SyncPool::run`
//! (`exec/pool.rs`), its only user. It owns starting threads (lazily, one per
//! job that finds none idle, so never more than the pool's permits), handing
//! a job to an idle one, and letting a thread go after a while unused.
//!
//! The hand-off is built for one job at a time. Each thread has its own slot
//! (`slot.rs`); an idle thread waits on it, spinning briefly and then parked.
//! `execute` pops the most recently idle thread (the one most likely still
//! spinning, with a warm cache), puts the job in its slot and unparks it:
//! a lock held for a push or a pop, one atomic swap, and a futex wake only
//! when the thread had already parked. The job's answer goes straight back to
//! the awaiting task through the oneshot that `pool.rs` puts in the job.
//! Compared with `tokio::task::spawn_blocking` (one shared queue under a
//! mutex, a condvar signal per job, a task cell and a join handle), it skips
//! the queue, the condvar and the task machinery; `benches/` measures both
//! (`twain-bench handoff`).

mod slot;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::OwnedSemaphorePermit;

use slot::Slot;

/// One job for a sync thread.
pub(crate) struct Task {
    /// The job, with everything around it (span, marks, `catch_unwind`, the
    /// reply): `pool.rs` builds it, this module only runs it.
    pub(crate) run: Box<dyn FnOnce() + Send>,
    /// The pool's permit for the job, given back only once the thread is idle
    /// again: so a job that gets a permit always finds an idle thread or room
    /// to start one.
    pub(crate) permit: OwnedSemaphorePermit,
}

/// The threads of one pool. Dropping it lets idle threads exit; busy ones
/// exit after their job.
pub(crate) struct Threads {
    shared: Arc<Shared>,
}

struct Shared {
    idle: Mutex<Idle>,
}

struct Idle {
    /// Idle threads, the most recently idle last.
    slots: Vec<Arc<Slot>>,
    /// Threads alive, idle or busy.
    alive: usize,
    /// The pool is gone: threads exit instead of waiting for work.
    closed: bool,
}

impl Threads {
    pub(crate) fn new() -> Self {
        Threads {
            shared: Arc::new(Shared {
                idle: Mutex::new(Idle {
                    slots: Vec::new(),
                    alive: 0,
                    closed: false,
                }),
            }),
        }
    }

    /// Runs `task` on an idle thread, or on a new one when none is idle.
    /// If no thread can be started (the OS refuses), the task is dropped,
    /// and with it its reply: the awaiting side sees the job lost.
    pub(crate) fn execute(&self, task: Task) {
        let mut idle = self.shared.lock();
        if let Some(slot) = idle.slots.pop() {
            drop(idle);
            slot.give(task);
            return;
        }
        idle.alive += 1;
        drop(idle);
        let shared = self.shared.clone();
        let started = std::thread::Builder::new()
            .name("twain-sync".into())
            .spawn(move || slot::work(shared, task));
        if let Err(err) = started {
            tracing::error!(error = %err, "could not start a sync thread");
            self.shared.lock().alive -= 1;
        }
    }

    /// Threads alive now, idle or busy (for tests).
    #[cfg(test)]
    fn alive(&self) -> usize {
        self.shared.lock().alive
    }
}

impl Drop for Threads {
    fn drop(&mut self) {
        let mut idle = self.shared.lock();
        idle.closed = true;
        for slot in &idle.slots {
            slot.wake();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Idle> {
        // Nothing panics while holding it; a poisoned lock still holds valid data.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts a thread that finished its job back among the idle ones; `false`
    /// when the pool is gone and the thread should exit.
    fn enlist(&self, slot: &Arc<Slot>) -> bool {
        let mut idle = self.lock();
        if idle.closed {
            idle.alive -= 1;
            return false;
        }
        idle.slots.push(slot.clone());
        true
    }

    /// Takes an idle thread out for good (it waited too long, or the pool is
    /// gone); `false` if a job was handed to it meanwhile.
    fn retire(&self, slot: &Arc<Slot>) -> bool {
        let mut idle = self.lock();
        let Some(at) = idle.slots.iter().position(|s| Arc::ptr_eq(s, slot)) else {
            return false;
        };
        idle.slots.remove(at);
        idle.alive -= 1;
        true
    }

    fn closed(&self) -> bool {
        self.lock().closed
    }
}

#[cfg(test)]
mod tests;
