//! What the current thread has used so far, beyond the wall clock: its CPU
//! time, how long it sat runnable waiting for a core, and how many times it
//! gave the CPU up by itself (blocked in a syscall, slept, waited on a lock).
//! Read by the slow-poll backstop to tell a poll that blocked from one that
//! was only preempted on a busy machine. Linux only
//! (`CLOCK_THREAD_CPUTIME_ID`, `getrusage(RUSAGE_THREAD)`,
//! `/proc/thread-self/schedstat`); elsewhere
//! nothing is known.

use std::time::Duration;

/// The thread's totals at one moment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ThreadUsage {
    /// User and system CPU time.
    pub(crate) cpu: Duration,
    /// Voluntary context switches: each time the thread waited for something.
    pub(crate) waits: i64,
    /// Time spent runnable but waiting for a core (the kernel's run delay),
    /// when the kernel reports it.
    pub(crate) queued: Option<Duration>,
}

impl ThreadUsage {
    /// The current thread's totals, or `None` where they cannot be read.
    #[cfg(target_os = "linux")]
    pub(crate) fn now() -> Option<Self> {
        use nix::sys::resource::{UsageWho, getrusage};
        use nix::time::{ClockId, clock_gettime};
        // The thread CPU clock is exact; getrusage's user and system times
        // are only as fine as the scheduler tick (4 ms at HZ=250).
        let cpu = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).ok()?;
        let usage = getrusage(UsageWho::RUSAGE_THREAD).ok()?;
        Some(ThreadUsage {
            cpu: Duration::from(cpu),
            waits: usage.voluntary_context_switches(),
            queued: run_delay(),
        })
    }

    /// The current thread's totals, or `None` where they cannot be read.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn now() -> Option<Self> {
        None
    }

    /// How long, in all, the thread was off the CPU while not runnable
    /// (sleeping, waiting on I/O or a lock) between `self` and `later`,
    /// given the wall time between them: `None` when the run delay is not
    /// reported.
    pub(crate) fn waited_until(&self, later: &ThreadUsage, wall: Duration) -> Option<Duration> {
        let queued = later.queued?.saturating_sub(self.queued?);
        let cpu = later.cpu.saturating_sub(self.cpu);
        Some(wall.saturating_sub(cpu).saturating_sub(queued))
    }

    /// Whether the thread can be read at all here.
    pub(crate) fn available() -> bool {
        cfg!(target_os = "linux")
    }
}

/// The second field of `/proc/thread-self/schedstat`: nanoseconds spent on a
/// run queue.
#[cfg(target_os = "linux")]
fn run_delay() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}
