//! twain's own sync threads: the machinery behind `SyncPool::start`
//! (`exec/pool.rs`), its only user. It owns starting threads (lazily, only
//! when no thread is free to take a job, so never more than the pool's
//! permits), handing jobs to them, and letting a thread go after a while
//! unused.
//!
//! The hand-off is built for short jobs arriving from many requests at once,
//! and its cost is the kernel's: waking a parked thread (a futex call, often
//! a preempted async worker) costs several times what running a short job
//! does. So it wakes as few threads as it can:
//! - Jobs go into one queue; a thread that finishes a job takes the next one
//!   straight from it before parking, so under load many jobs are taken by a
//!   thread that is already awake: no futex, no context switch (why it does
//!   not also spin: `worker.rs`).
//! - A thread is woken (or started) only when the queue holds more jobs than
//!   there are awake threads to take them, so concurrent long jobs still run
//!   side by side.
//! - That wake-up can wait a moment ([`Threads::enqueue`] hands it back as a
//!   [`WakeLater`]): the job's awaiting side (`exec/sync_answer.rs`) first
//!   lets its async worker run the other tasks it has ready, then wakes a
//!   thread only if the job is still waiting. Meanwhile a thread finishing
//!   its job often takes it, and one woken thread takes the jobs that the
//!   worker's other requests queued. The pool keeps score of whether
//!   waiting pays (`Deferral`): when requests come one at a time it does
//!   not, and threads are woken at once.
//!
//! Each parked thread is woken on its own (`std::thread::unpark`), never
//! through a shared condvar. The job's answer goes straight back to the
//! awaiting task through the job cell `pool.rs` makes (`exec/job_cell.rs`). Compared with
//! `tokio::task::spawn_blocking` (a condvar signal and a thread woken per
//! job, a task cell and a join handle), it skips most wake-ups and the task
//! machinery; `benches/` measures both (the `handoff` case).

mod worker;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::OwnedSemaphorePermit;

use worker::Sleeper;

/// What a sync thread runs: `pool.rs`'s job cell (`exec/job_cell.rs`), with
/// everything around the job (span, marks, `catch_unwind`, the answer).
pub(crate) trait RunJob: Send + Sync {
    /// Runs the job and hands its answer to whoever awaits it.
    fn run(self: Arc<Self>);
    /// The job will never run (no thread could be started): tell whoever
    /// awaits it.
    fn abandon(self: Arc<Self>);
}

/// One job for a sync thread.
pub(crate) struct Task {
    /// `None` once taken to run.
    job: Option<Arc<dyn RunJob>>,
    /// The pool's permit for the job, given back only once the thread is
    /// free again: so a job that gets a permit always finds a free thread or
    /// room to start one.
    permit: Option<OwnedSemaphorePermit>,
}

impl Task {
    pub(crate) fn new(job: Arc<dyn RunJob>, permit: OwnedSemaphorePermit) -> Self {
        Task {
            job: Some(job),
            permit: Some(permit),
        }
    }

    /// The job to run, and the permit to give back after.
    fn take(mut self) -> (Option<Arc<dyn RunJob>>, Option<OwnedSemaphorePermit>) {
        (self.job.take(), self.permit.take())
    }
}

impl Drop for Task {
    /// A task dropped unrun (the threads could not start one) is a job lost.
    fn drop(&mut self) {
        if let Some(job) = self.job.take() {
            job.abandon();
        }
    }
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
    /// Whether putting wake-ups off pays, on this pool's load.
    deferral: Deferral,
}

/// Whether a wake-up put off ([`WakeLater`]) tends to find its job taken
/// meanwhile. Under concurrent load it does (a thread finishing its job, or
/// one woken for another request, takes it): then every wake-up waits. When
/// requests come one at a time it never does, and the wait is only an extra
/// poll of the request and of the worker's I/O driver: then the thread is
/// woken at once, with one wake-up in 16 still put off, to notice when the
/// load changes.
struct Deferral {
    /// Raised by 4 when a wait paid off, lowered by 1 when it did not.
    score: i32,
    /// Wake-ups made at once since the score went below 0.
    at_once: u32,
}

impl Deferral {
    const BOUND: i32 = 64;

    fn new() -> Self {
        Deferral {
            score: 0,
            at_once: 0,
        }
    }

    /// Whether the next wake-up should wait.
    fn wait(&mut self) -> bool {
        if self.score >= 0 {
            return true;
        }
        self.at_once = self.at_once.wrapping_add(1);
        self.at_once.is_multiple_of(16)
    }

    fn paid_off(&mut self) {
        self.score = (self.score + 4).min(Self::BOUND);
    }

    fn did_not_pay(&mut self) {
        self.score = (self.score - 1).max(-Self::BOUND);
    }
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
                    deferral: Deferral::new(),
                }),
            }),
        }
    }

    /// Runs `task` on a sync thread: one already awake, a parked one woken,
    /// or a new one. If no thread can be started (the OS refuses) and none is
    /// alive, the task is dropped, and with it its reply: the awaiting side
    /// sees the job lost.
    #[cfg(test)]
    pub(crate) fn execute(&self, task: Task) {
        let mut state = self.shared.lock();
        state.queue.push_back(task);
        if state.queue.len() > state.awake {
            self.shared.wake_one(state);
        }
    }

    /// Queues `task` for a sync thread. When a thread already awake will take
    /// it, that is all (`None`). Otherwise the caller gets a [`WakeLater`]:
    /// the wake-up it owes, which it may put off a moment, until the other
    /// tasks its async worker has ready have queued their jobs too, so that
    /// one woken thread, or one finishing its job, takes several (see the
    /// module docs). Dropping it wakes a thread as well, so a caller that
    /// goes away (a cancelled request) never leaves its job without one.
    pub(crate) fn enqueue(&self, task: Task) -> Option<WakeLater> {
        let mut state = self.shared.lock();
        state.queue.push_back(task);
        if state.queue.len() <= state.awake {
            return None; // an awake thread takes it
        }
        if !state.deferral.wait() {
            self.shared.wake_one(state);
            return None;
        }
        Some(WakeLater {
            shared: self.shared.clone(),
        })
    }

    /// Threads alive now, idle or busy (for tests).
    #[cfg(test)]
    fn alive(&self) -> usize {
        self.shared.lock().alive
    }
}

/// The wake-up owed for a job queued when no awake thread could take it
/// (from [`Threads::enqueue`]): [`now`](WakeLater::now), or on drop.
pub(crate) struct WakeLater {
    shared: Arc<Shared>,
}

impl WakeLater {
    /// Wakes a thread for the queued jobs, unless threads took them
    /// meanwhile.
    pub(crate) fn now(self) {
        drop(self); // the work is in `drop`, which a cancelled caller runs too
    }
}

impl Drop for WakeLater {
    fn drop(&mut self) {
        self.shared.wake_for_queued();
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
    /// Wakes (or starts) a thread if the queue holds more jobs than there
    /// are awake threads to take them: the wake-up a [`WakeLater`] owed.
    fn wake_for_queued(self: &Arc<Self>) {
        let mut state = self.lock();
        if state.queue.len() <= state.awake {
            state.deferral.paid_off();
            return; // taken meanwhile, or an awake thread will take it
        }
        state.deferral.did_not_pay();
        self.wake_one(state);
    }

    /// Wakes a parked thread, or starts one, for the queued jobs.
    fn wake_one(self: &Arc<Self>, mut state: MutexGuard<'_, State>) {
        state.awake += 1;
        if let Some(sleeper) = state.parked.pop() {
            drop(state);
            sleeper.wake();
            return;
        }
        state.alive += 1;
        drop(state);
        let shared = self.clone();
        let started = std::thread::Builder::new()
            .name("twain-sync".into())
            .spawn(move || worker::work(shared));
        if let Err(err) = started {
            tracing::error!(error = %err, "could not start a sync thread");
            let mut state = self.lock();
            state.alive -= 1;
            state.awake -= 1;
            if state.alive == 0 {
                let lost = std::mem::take(&mut state.queue);
                drop(state);
                drop(lost);
            }
        }
    }

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
