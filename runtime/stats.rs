//! Process-wide counters that tests and benchmarks read: how many times a
//! request moved from the async workers to a sync thread.

use std::sync::atomic::{AtomicU64, Ordering};

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
