//! The run-time backstop for blocking code the macros cannot see (a blocking
//! call inside a helper function, a sync method on a value of unknown type):
//! every poll of an async view and async middleware on an async worker is
//! timed, and a poll that holds the worker longer than
//! `App::slow_poll_threshold` logs a warning naming the step, the route and
//! the time held — the first time for each step of each route, then at most
//! once a minute with the count of slow polls in between. The test clients
//! can turn each slow poll into a test failure
//! (`twain::test::Client::fail_on_slow_poll`).
//!
//! **Which line?** On Linux with the feature `metrics`, a watchdog catches a
//! poll past the threshold while it is still blocked and captures the
//! worker's stack (`ops/stall.rs`): the warning then names the user's frames,
//! file and line of the blocking call.
//!
//! Cost: two `Instant::now()` per poll and a thread-local read; a poll of an
//! async middleware does not count the time of the inner steps it polls
//! (they are timed on their own), so only the step that blocks is named.
//!
//! **Blocked, or only preempted?** On a machine whose cores are all busy, a
//! poll that never blocks can take milliseconds of wall time because the
//! kernel ran other threads. So a slow poll is only reported when the
//! thread's own counters (`thread_usage.rs`) say it spent more than the
//! threshold on the CPU, or more than the threshold off it while not even
//! waiting for a core (asleep, in I/O, on a lock). Reading them costs a few
//! syscalls per poll, so they are read only where it pays: on every
//! poll while a test client records slow polls, and otherwise on the next
//! [`VERIFY_POLLS`] polls of a step after a poll of it was slow on the wall
//! clock alone; a step that really blocks does so again and is reported
//! then, a step that was preempted is not (a debug line says so).

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::exec::on_sync_thread;
use crate::ops::stall;

use super::chain::Label;
use super::thread_usage::ThreadUsage;

/// How many polls of a step are measured closely after one of its polls was
/// slow on the wall clock.
const VERIFY_POLLS: u32 = 256;

/// The default threshold: 10 ms in release builds, where a poll of a
/// non-blocking view takes microseconds and 10 ms is what a disk read or a
/// DNS lookup costs; 50 ms in debug builds, whose code is ~10× slower and
/// whose tests share loaded machines.
pub(crate) const DEFAULT_THRESHOLD: Duration = if cfg!(debug_assertions) {
    Duration::from_millis(50)
} else {
    Duration::from_millis(10)
};

/// How long after a warning about a step the next one may come.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// One poll that held an async worker too long.
#[derive(Debug, Clone)]
pub(crate) struct SlowPoll {
    /// The step, e.g. ``view `report` ``.
    pub(crate) step: String,
    /// The route's pattern (`""` for the root), or `None` for the 404 chain.
    pub(crate) route: Option<String>,
    /// How long the poll held the worker, inner steps' polls not counted.
    pub(crate) held: Duration,
    pub(crate) threshold: Duration,
    /// Where the worker was blocked, the user's frames with file and line,
    /// captured while it was (`ops/stall.rs`; Linux, feature `metrics`).
    pub(crate) stack: Option<String>,
}

impl fmt::Display for SlowPoll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let route = match &self.route {
            Some(route) => format!("route `{route}`"),
            None => "a path no route matches".to_owned(),
        };
        write!(
            f,
            "{} (on {route}) held the async worker for {:?} in one poll (threshold {:?}): something in it blocks — a blocking call inside a helper function, or a sync method on a value the compile-time check cannot see; move that part into `twain::sync_to_async(|cx| ...)`, or make it a plain `fn`",
            self.step, self.held, self.threshold
        )?;
        if let Some(stack) = &self.stack {
            write!(f, "\n  {stack}")?;
        }
        Ok(())
    }
}

/// What an app's chains share: the threshold, and the slow polls kept for a
/// test client that asked for them.
#[derive(Debug)]
pub(crate) struct SlowPollWatch {
    threshold: Duration,
    record: AtomicBool,
    recorded: Mutex<Vec<SlowPoll>>,
}

impl SlowPollWatch {
    pub(crate) fn new(threshold: Duration) -> Self {
        SlowPollWatch {
            threshold,
            record: AtomicBool::new(false),
            recorded: Mutex::new(Vec::new()),
        }
    }

    /// From now on, keeps every slow poll for [`SlowPollWatch::take`].
    pub(crate) fn record(&self) {
        self.record.store(true, Ordering::Relaxed);
    }

    /// The slow polls kept since the last call.
    pub(crate) fn take(&self) -> Vec<SlowPoll> {
        std::mem::take(&mut *self.recorded.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn report(&self, step: &StepWatch, held: Duration, stack: Option<String>) {
        step.metrics.slow_poll();
        let poll = SlowPoll {
            step: step.label.to_string(),
            route: step.route.clone(),
            held,
            threshold: self.threshold,
            stack,
        };
        if self.record.load(Ordering::Relaxed) {
            self.recorded
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(poll.clone());
        }
        let now = since_start();
        let next = step.next_warning.load(Ordering::Relaxed);
        if now >= next
            && step
                .next_warning
                .compare_exchange(
                    next,
                    now + millis(WARN_EVERY),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            let skipped = step.skipped.swap(0, Ordering::Relaxed);
            tracing::warn!(
                step = %poll.step,
                route = poll.route.as_deref().unwrap_or("(none)"),
                held_ms = held.as_secs_f64() * 1000.0,
                slow_polls_since_last_warning = skipped,
                "{poll}"
            );
        } else {
            step.skipped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// One async step of one chain: its name and route, and its warnings' pace.
pub(crate) struct StepWatch {
    label: Label,
    route: Option<String>,
    /// When the next warning may be logged, in ms since the first one.
    next_warning: AtomicU64,
    /// Slow polls not warned about since the last warning.
    skipped: AtomicU64,
    /// Polls left to measure closely (see the module doc).
    verify_left: AtomicU32,
    /// Its slow polls and sync waits as metrics (`ops`).
    pub(super) metrics: crate::ops::StepMetrics,
}

impl StepWatch {
    pub(crate) fn new(label: Label, route: Option<&str>) -> Self {
        StepWatch {
            label,
            metrics: label.metrics(route),
            route: route.map(str::to_owned),
            next_warning: AtomicU64::new(0),
            skipped: AtomicU64::new(0),
            verify_left: AtomicU32::new(0),
        }
    }

    /// Whether this poll is to be measured closely, counting it.
    fn verifying(&self) -> bool {
        self.verify_left.load(Ordering::Relaxed) > 0
            && self
                .verify_left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
    }
}

/// What a poll slow on the wall clock was, by the thread's own counters.
enum Verdict {
    /// It blocked, or held the CPU itself: report it.
    Blocked,
    /// It neither waited nor used the CPU for long: it was preempted.
    Preempted { cpu: Duration },
    /// Not measured: measure the next polls of this step.
    Unknown,
}

/// `held`: the poll's own wall time. Blocked means: more than the threshold
/// on the CPU, or more than the threshold off it while not even runnable
/// (wall time less CPU time less time queued for a core); where the kernel
/// does not report the queueing, any wait at all.
fn verdict(before: Option<ThreadUsage>, held: Duration, threshold: Duration) -> Verdict {
    match (before, before.and_then(|_| ThreadUsage::now())) {
        (Some(before), Some(after)) => {
            let cpu = after.cpu.saturating_sub(before.cpu);
            let blocked = match before.waited_until(&after, held) {
                Some(waited) => waited > threshold,
                None => after.waits > before.waits,
            };
            if blocked || cpu > threshold {
                Verdict::Blocked
            } else {
                Verdict::Preempted { cpu }
            }
        }
        _ if !ThreadUsage::available() => Verdict::Blocked,
        _ => Verdict::Unknown,
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn since_start() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    millis(START.get_or_init(Instant::now).elapsed())
}

thread_local! {
    /// Time spent in timed polls nested in the current one (an async
    /// middleware polling the view): subtracted from the outer poll's.
    static NESTED: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// Polls `inner`, timing the poll against `watch`'s threshold for `step`
/// (what the chain's async steps do on every poll, `step.rs`).
pub(crate) fn poll_timed<F: Future + Unpin>(
    inner: &mut F,
    cx: &mut Context<'_>,
    step: &StepWatch,
    watch: &SlowPollWatch,
) -> Poll<F::Output> {
    if watch.threshold == Duration::MAX {
        return Pin::new(inner).poll(cx); // turned off: not timed
    }
    let close = watch.record.load(Ordering::Relaxed) || step.verifying();
    let before = if close { ThreadUsage::now() } else { None };
    let frame = Frame::enter(watch.threshold);
    let mark = frame.mark;
    let out = Pin::new(inner).poll(cx);
    let own = frame.leave();
    // On a sync thread (an async part driven inside a sync one),
    // holding the thread is what it is for.
    if own > watch.threshold && !on_sync_thread() {
        match verdict(before, own, watch.threshold) {
            Verdict::Blocked => {
                let recording = watch.record.load(Ordering::Relaxed);
                let stack = stall::stack_of(mark, &step.label, recording);
                watch.report(step, own, stack);
            }
            Verdict::Preempted { cpu } => tracing::debug!(
                step = %step.label,
                "a poll took {own:?} but used {cpu:?} of CPU and never waited: the thread was preempted (the machine is busy), not blocked; not reported"
            ),
            Verdict::Unknown => {
                step.verify_left.store(VERIFY_POLLS, Ordering::Relaxed);
                tracing::debug!(
                    step = %step.label,
                    "a poll took {own:?}: measuring the next {VERIFY_POLLS} polls of this step to tell blocking from preemption"
                );
            }
        }
    }
    out
}

/// Restores the outer poll's nested time, also when the poll panics.
struct Frame {
    outer: Duration,
    start: Instant,
    left: bool,
    /// The poll as the stall watchdog sees it (`ops/stall.rs`).
    mark: stall::PollMark,
}

impl Frame {
    fn enter(threshold: Duration) -> Self {
        let start = Instant::now();
        Frame {
            outer: NESTED.replace(Duration::ZERO),
            start,
            left: false,
            mark: stall::poll_begins(start, threshold),
        }
    }

    /// Ends the poll: how long it held the thread, nested timed polls not
    /// counted. One clock read, for both this and the outer poll's count.
    fn leave(mut self) -> Duration {
        let elapsed = self.start.elapsed();
        stall::poll_ends(self.mark);
        let own = elapsed.saturating_sub(NESTED.get());
        NESTED.set(self.outer + elapsed);
        self.left = true;
        own
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        if !self.left {
            // The poll panicked: the outer poll still does not count it.
            stall::poll_ends(self.mark);
            NESTED.set(self.outer + self.start.elapsed());
        }
    }
}
