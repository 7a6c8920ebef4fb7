//! Process-wide counters that tests and benchmarks read: how many times a
//! request moved from the async workers to a sync thread, how many sync jobs
//! are running now, and how many spooled request bodies are alive.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

static SWITCHES: AtomicU64 = AtomicU64::new(0);

/// Thread switches to a sync thread made so far by every twain app in this process.
/// Tests running in parallel share it: count one app's switches with
/// `AppService::switches` (or the test clients' `switches()`) instead.
pub fn switches() -> u64 {
    SWITCHES.load(Ordering::Relaxed)
}

pub(crate) fn count_switch() {
    SWITCHES.fetch_add(1, Ordering::Relaxed);
}

pub(crate) static SYNC_JOBS: AtomicUsize = AtomicUsize::new(0);
pub(crate) static SPOOLED_BODIES: AtomicUsize = AtomicUsize::new(0);

/// Sync jobs running right now on sync threads, in every twain app of this
/// process: sync views (and their middleware) and sync `Iterator` response
/// bodies being pulled. Back to its idle value once every request is done,
/// including the ones whose client went away.
pub fn sync_jobs_running() -> usize {
    SYNC_JOBS.load(Ordering::SeqCst)
}

/// Spooled request bodies alive right now (in memory or in a temp file).
pub fn spooled_bodies() -> usize {
    SPOOLED_BODIES.load(Ordering::SeqCst)
}

/// Counts one live thing in `counter` until dropped.
pub(crate) struct LiveCount(&'static AtomicUsize);

impl LiveCount {
    pub(crate) fn new(counter: &'static AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        LiveCount(counter)
    }
}

impl Drop for LiveCount {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
