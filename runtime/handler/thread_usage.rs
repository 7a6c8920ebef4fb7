//! What the current thread has used so far, beyond the wall clock: its CPU
//! time and how many times it gave the CPU up by itself (blocked in a
//! syscall, slept, waited on a lock). Read by the slow-poll backstop to tell
//! a poll that blocked from one that was only preempted on a busy machine.
//! Linux only (`getrusage(RUSAGE_THREAD)`); elsewhere nothing is known.

use std::time::Duration;

/// The thread's totals at one moment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ThreadUsage {
    /// User and system CPU time.
    pub(crate) cpu: Duration,
    /// Voluntary context switches: each time the thread waited for something.
    pub(crate) waits: i64,
}

impl ThreadUsage {
    /// The current thread's totals, or `None` where they cannot be read.
    #[cfg(target_os = "linux")]
    pub(crate) fn now() -> Option<Self> {
        use nix::sys::resource::{UsageWho, getrusage};
        use nix::sys::time::TimeValLike;
        let usage = getrusage(UsageWho::RUSAGE_THREAD).ok()?;
        let micros = usage.user_time().num_microseconds() + usage.system_time().num_microseconds();
        Some(ThreadUsage {
            cpu: Duration::from_micros(u64::try_from(micros).unwrap_or(0)),
            waits: usage.voluntary_context_switches(),
        })
    }

    /// The current thread's totals, or `None` where they cannot be read.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn now() -> Option<Self> {
        None
    }

    /// Whether the thread can be read at all here.
    pub(crate) fn available() -> bool {
        cfg!(target_os = "linux")
    }
}
