//! twain's own sync threads: the machinery behind `SyncPool::run`
//! (`exec/pool.rs`), its only user. It owns starting threads (lazily, only
//! when no thread is free to take a job, so never more than the pool's
//! permits), handing jobs to them, and letting a thread go after a while
//! unused.
//!
//! The hand-off is built for short jobs arriving from many requests at once.
//! Jobs go into one queue; a thread that finishes a job takes the next one
//! straight from it before parking, so under load many jobs are taken by a
//! thread that is already awake: no futex, no context switch (why it does
//! not also spin: `worker.rs`). A thread is woken (or started) only when the queue holds
//! more jobs than there are awake threads to take them, so concurrent long
//! jobs still run side by side. Each parked thread is woken on its own
//! (`std::thread::unpark`), never through a shared condvar. The job's answer
//! goes straight back to the awaiting task through the oneshot `pool.rs` puts
//! in it. Compared with `tokio::task::spawn_blocking` (a condvar signal and a
//! thread woken per job, a task cell and a join handle), it skips most
//! wake-ups and the task machinery; `benches/` measures both (the `handoff`
//! case).

mod worker;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::OwnedSemaphorePermit;

use worker::Sleeper;

/// One job for a sync thread.
pub(crate) struct Task {
    /// The job, with everything around it (span, marks, `catch_unwind`, the
    /// reply): `pool.rs` builds it, this module only runs it.
    pub(crate) run: Box<dyn FnOnce() + Send>,
    /// The pool's permit for the job, given back only once the thread is
    /// free again: so a job that gets a permit always finds a free thread or
    /// room to start one.
    pub(crate) permit: OwnedSemaphorePermit,
}

/// The threads of one pool. Dropping it lets idle threads exit; busy ones
/// exit after their job.
pub(crate) struct Threads {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
}

struct State {
    queue: VecDeque<Task>,
    /// Parked threads, the most recently parked last.
    parked: Vec<Arc<Sleeper>>,
    /// Threads alive: busy, awake looking for a job, or parked.
    alive: usize,
    /// Threads awake and looking for a job (just done with one, woken or
    /// started): each will take one queued job before it parks.
    awake: usize,
    /// The pool is gone: threads exit instead of waiting for work.
    closed: bool,
}

impl Threads {
    pub(crate) fn new() -> Self {
        Threads {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    queue: VecDeque::new(),
                    parked: Vec::new(),
                    alive: 0,
                    awake: 0,
                    closed: false,
                }),
            }),
        }
    }

    /// Runs `task` on a sync thread: one already awake, a parked one woken,
    /// or a new one. If no thread can be started (the OS refuses) and none is
    /// alive, the task is dropped, and with it its reply: the awaiting side
    /// sees the job lost.
    pub(crate) fn execute(&self, task: Task) {
        let mut state = self.shared.lock();
        state.queue.push_back(task);
        if state.queue.len() <= state.awake {
            return; // an awake thread takes it
        }
        state.awake += 1;
        if let Some(sleeper) = state.parked.pop() {
            drop(state);
            sleeper.wake();
            return;
        }
        state.alive += 1;
        drop(state);
        let shared = self.shared.clone();
        let started = std::thread::Builder::new()
            .name("twain-sync".into())
            .spawn(move || worker::work(shared));
        if let Err(err) = started {
            tracing::error!(error = %err, "could not start a sync thread");
            let mut state = self.shared.lock();
            state.alive -= 1;
            state.awake -= 1;
            if state.alive == 0 {
                let lost = std::mem::take(&mut state.queue);
                drop(state);
                drop(lost);
            }
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
        let mut state = self.shared.lock();
        state.closed = true;
        let parked = std::mem::take(&mut state.parked);
        state.awake += parked.len();
        drop(state);
        for sleeper in parked {
            sleeper.wake();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding it; a poisoned lock still holds valid data.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next queued job, if any (the caller holds the lock).
    fn pop(&self, state: &mut State) -> Option<Task> {
        state.queue.pop_front()
    }
}

#[cfg(test)]
mod tests;
