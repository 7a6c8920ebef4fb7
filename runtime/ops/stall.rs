//! The line that blocked: while a timed poll of async code holds its worker
//! past the slow-poll threshold, a watchdog thread sends that worker a
//! signal; the handler walks the worker's stack *while it is still blocked*
//! into a buffer allocated beforehand, and the watchdog turns the addresses
//! into functions, files and lines (off the worker). The slow-poll warning
//! (`handler/slow_poll.rs`) then names the user's frames: the file and line
//! of the blocking call, not only the view.
//!
//! Linux only (`tgkill`, a real-time signal), with the feature `metrics`.
//! Cost on the hot path: two relaxed stores per timed poll into this
//! thread's slot; the signal, the stack walk and the symbol lookup happen
//! only for a poll that is already slow. A worker blocked in a system call
//! that does not restart (`nanosleep`, `epoll_wait`) sees `EINTR` once; the
//! standard library's sleep and I/O retry it.
//!
//! This is the one module of twain's runtime with `unsafe` code: the
//! signal's installation, its handler and `tgkill`, each with its SAFETY.

use std::cell::Cell;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

/// Frames kept of a stalled stack (innermost first).
const MAX_FRAMES: usize = 128;
/// How often the watchdog looks at the workers' polls.
const TICK: Duration = Duration::from_millis(5);
/// User frames named in a report, innermost first.
const USER_FRAMES: usize = 6;
/// How long a slow poll's report waits for the symbol lookup on a server
/// (the worker is held meanwhile); past it, the stack is logged on its own.
const REPORT_WAIT: Duration = Duration::from_millis(20);
/// The same under a test client that records slow polls (the first lookup
/// loads the binary's debug info, slow in a debug build, and the test wants
/// the stack in the failure).
const REPORT_WAIT_RECORDING: Duration = Duration::from_secs(10);

/// One thread's polls, as the watchdog and the signal handler see them.
struct Slot {
    /// The kernel's id of the thread (`gettid`), for `tgkill`.
    tid: libc::pid_t,
    /// When the current timed poll must end, in ns since [`base`]; 0 when
    /// the thread is in none.
    deadline: AtomicU64,
    /// Counts this thread's timed polls: tells one poll's stack from another's.
    poll: AtomicU64,
    /// The poll the watchdog signalled for (at most one signal per poll).
    signalled: AtomicU64,
    /// What the handler wrote: the poll it interrupted, and the stack.
    captured: AtomicU64,
    ips: [AtomicUsize; MAX_FRAMES],
    len: AtomicUsize,
    /// The stack as text, made by the watchdog: (poll, report).
    report: Mutex<Option<(u64, String)>>,
    /// A poll whose report came too late for its warning: (poll, step), so
    /// the report is logged on its own, naming the step.
    late: Mutex<Option<(u64, String)>>,
}

fn base() -> Instant {
    static BASE: OnceLock<Instant> = OnceLock::new();
    *BASE.get_or_init(Instant::now)
}

fn nanos(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(base()).as_nanos()).unwrap_or(u64::MAX)
}

fn slots() -> &'static Mutex<Vec<Weak<Slot>>> {
    static SLOTS: OnceLock<Mutex<Vec<Weak<Slot>>>> = OnceLock::new();
    SLOTS.get_or_init(Default::default)
}

thread_local! {
    /// This thread's slot, registered at its first timed poll.
    static SLOT: Arc<Slot> = register();
    /// The same slot for the signal handler: a const-initialised cell, read
    /// without lazy initialisation or allocation.
    static SLOT_FOR_SIGNAL: Cell<*const Slot> = const { Cell::new(std::ptr::null()) };
}

fn register() -> Arc<Slot> {
    start_watchdog();
    let slot = Arc::new(Slot {
        // SAFETY: gettid has no preconditions and cannot fail.
        tid: unsafe { libc::gettid() },
        deadline: AtomicU64::new(0),
        poll: AtomicU64::new(0),
        signalled: AtomicU64::new(0),
        captured: AtomicU64::new(0),
        ips: [const { AtomicUsize::new(0) }; MAX_FRAMES],
        len: AtomicUsize::new(0),
        report: Mutex::new(None),
        late: Mutex::new(None),
    });
    SLOT_FOR_SIGNAL.with(|cell| cell.set(Arc::as_ptr(&slot)));
    slots()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Arc::downgrade(&slot));
    slot
}

/// What [`poll_begins`] replaced, restored by [`poll_ends`] (an async
/// middleware's poll encloses the view's).
#[derive(Clone, Copy)]
pub(crate) struct PollMark {
    outer_deadline: u64,
    poll: u64,
}

/// A timed poll starts at `start`, slow past `threshold`.
#[inline]
pub(crate) fn poll_begins(start: Instant, threshold: Duration) -> PollMark {
    let deadline =
        nanos(start).saturating_add(u64::try_from(threshold.as_nanos()).unwrap_or(u64::MAX));
    SLOT.with(|slot| {
        let poll = slot.poll.load(Ordering::Relaxed) + 1;
        slot.poll.store(poll, Ordering::Relaxed);
        let outer_deadline = slot.deadline.swap(deadline, Ordering::Relaxed);
        PollMark {
            outer_deadline,
            poll,
        }
    })
}

/// The poll of `mark` ended.
#[inline]
pub(crate) fn poll_ends(mark: PollMark) {
    SLOT.with(|slot| slot.deadline.store(mark.outer_deadline, Ordering::Relaxed));
}

/// The stack captured while the poll of `mark` (of `step`) was blocked, as
/// text naming the user's frames, if the watchdog caught it: waiting a
/// little for the symbol lookup under way (long when `recording`, under a
/// test client). Too late, it is logged on its own when ready. For a poll
/// already reported slow.
pub(crate) fn stack_of(
    mark: PollMark,
    step: &dyn std::fmt::Display,
    recording: bool,
) -> Option<String> {
    SLOT.with(|slot| {
        if slot.signalled.load(Ordering::Acquire) != mark.poll {
            return None;
        }
        let wait = if recording {
            REPORT_WAIT_RECORDING
        } else {
            REPORT_WAIT
        };
        let until = Instant::now() + wait;
        loop {
            {
                let mut report = slot.report.lock().unwrap_or_else(|e| e.into_inner());
                if report.as_ref().is_some_and(|(poll, _)| *poll == mark.poll) {
                    return report.take().map(|(_, text)| text);
                }
                if Instant::now() >= until {
                    // Under the report's lock: the lookup sees it when done.
                    *slot.late.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some((mark.poll, step.to_string()));
                    return None;
                }
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    })
}

/// The signal the watchdog sends: a real-time one nothing else of the
/// process has claimed, or `None` (no stall reports) if there is none.
fn signal() -> Option<libc::c_int> {
    static SIGNAL: OnceLock<Option<libc::c_int>> = OnceLock::new();
    *SIGNAL.get_or_init(install_handler)
}

fn install_handler() -> Option<libc::c_int> {
    // Counting down from the top, as glibc's own use is at the bottom.
    for sig in (libc::SIGRTMIN() + 2..=libc::SIGRTMAX() - 1).rev() {
        // SAFETY: sigaction with a null new action only reads the current
        // one into `old`, a zeroed sigaction owned here.
        let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
        if unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) } != 0 {
            continue;
        }
        if old.sa_sigaction != libc::SIG_DFL {
            continue; // someone's signal
        }
        // SAFETY: `action` is fully initialised (zeroed, then the handler,
        // flags and an empty mask); `on_signal` is an `extern "C"` function
        // that only does async-signal-safe work (see it).
        let installed = unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut()) == 0
        };
        if installed {
            return Some(sig);
        }
    }
    tracing::debug!("no free real-time signal: slow-poll warnings will not show the stack");
    None
}

/// Runs on the stalled worker, interrupted: walks its stack into the slot's
/// buffer. Async-signal-safe: a const thread-local read, atomics, and the
/// unwinder without the `backtrace` crate's lock (glibc's `_dl_find_object`
/// finds the unwind tables without a lock). errno is restored.
extern "C" fn on_signal(_signal: libc::c_int) {
    // SAFETY: __errno_location returns this thread's errno, always valid.
    let errno = unsafe { *libc::__errno_location() };
    let slot = SLOT_FOR_SIGNAL.with(Cell::get);
    if !slot.is_null() {
        // SAFETY: the slot is this thread's; its Arc lives as long as the
        // thread (the thread-local `SLOT`), which is running this handler.
        let slot = unsafe { &*slot };
        let poll = slot.poll.load(Ordering::Relaxed);
        if slot.deadline.load(Ordering::Relaxed) != 0 {
            let mut n = 0;
            // SAFETY: no other thread walks this thread's stack, and the
            // closure neither allocates nor panics: it stores into the
            // buffer allocated with the slot.
            unsafe {
                backtrace::trace_unsynchronized(|frame| {
                    slot.ips[n].store(frame.ip() as usize, Ordering::Relaxed);
                    n += 1;
                    n < MAX_FRAMES
                });
            }
            slot.len.store(n, Ordering::Relaxed);
            slot.captured.store(poll, Ordering::Release);
        }
    }
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = errno };
}

fn start_watchdog() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::AcqRel) {
        return;
    }
    let Some(sig) = signal() else { return };
    let spawned = std::thread::Builder::new()
        .name("twain-stall-watch".into())
        .spawn(move || watchdog(sig));
    if let Err(err) = spawned {
        tracing::debug!(error = %err, "cannot start the stall watchdog");
    }
}

fn watchdog(sig: libc::c_int) {
    // The symbol lookups run on a thread of their own, so the watch keeps
    // its pace. The binary's debug info is loaded at the first stall, not
    // before: tens of MB that a server which never stalls does not pay.
    let (to_describe, stalls) = std::sync::mpsc::channel::<(Arc<Slot>, u64)>();
    let describer = std::thread::Builder::new()
        .name("twain-stall-symbols".into())
        .spawn(move || {
            for (slot, poll) in stalls {
                describe(&slot, poll);
            }
        });
    if let Err(err) = describer {
        tracing::debug!(error = %err, "cannot start the stall report thread");
        return;
    }
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() };
    loop {
        std::thread::sleep(TICK);
        let now = nanos(Instant::now());
        let live: Vec<Arc<Slot>> = {
            let mut slots = slots().lock().unwrap_or_else(|e| e.into_inner());
            slots.retain(|slot| slot.strong_count() > 0);
            slots.iter().filter_map(Weak::upgrade).collect()
        };
        for slot in live {
            let deadline = slot.deadline.load(Ordering::Relaxed);
            let poll = slot.poll.load(Ordering::Relaxed);
            if deadline == 0 || now < deadline || slot.signalled.load(Ordering::Relaxed) == poll {
                continue;
            }
            slot.signalled.store(poll, Ordering::Release);
            // SAFETY: tgkill sends `sig`, whose handler is installed, to a
            // thread of this process; a thread that has exited since gives
            // ESRCH, nothing else.
            let sent = unsafe {
                libc::syscall(
                    libc::SYS_tgkill,
                    pid,
                    slot.tid as libc::c_long,
                    sig as libc::c_long,
                )
            } == 0;
            if sent {
                let _ = to_describe.send((slot, poll));
            }
        }
    }
}

/// Waits (briefly) for the handler's stack of `poll`, and writes its report.
fn describe(slot: &Slot, poll: u64) {
    let until = Instant::now() + Duration::from_millis(200);
    while slot.captured.load(Ordering::Acquire) != poll {
        if Instant::now() >= until {
            return; // the poll ended before the signal arrived
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let len = slot.len.load(Ordering::Relaxed).min(MAX_FRAMES);
    let ips: Vec<usize> = slot.ips[..len]
        .iter()
        .map(|ip| ip.load(Ordering::Relaxed))
        .collect();
    let text = report(&ips);
    let mut kept = slot.report.lock().unwrap_or_else(|e| e.into_inner());
    let late = slot.late.lock().unwrap_or_else(|e| e.into_inner()).take();
    match late {
        Some((late_poll, step)) if late_poll == poll => {
            tracing::warn!(step = %step, "the stack of {step}'s slow poll:\n  {text}");
        }
        _ => *kept = Some((poll, text)),
    }
}

/// A resolved frame.
struct Frame {
    name: String,
    file: Option<String>,
    line: Option<u32>,
}

impl Frame {
    /// A frame of the app's own Rust code: not the standard library's, a
    /// dependency's, twain's, or C (libc's `./sysdeps/...`).
    fn is_users(&self) -> bool {
        let Some(file) = &self.file else { return false };
        let twain = env!("CARGO_MANIFEST_DIR");
        !(!file.ends_with(".rs")
            || file.starts_with("/rustc/")
            || file.contains("/.cargo/registry/")
            || file.contains("/.cargo/git/")
            || file.contains("/rustlib/")
            || file.starts_with(&format!("{twain}/runtime/"))
            || file.starts_with(&format!("{twain}/macros/")))
    }

    fn at(&self) -> String {
        let file = self.file.as_deref().unwrap_or("?");
        let cwd = std::env::current_dir().ok();
        let shown = cwd
            .as_ref()
            .and_then(|cwd| std::path::Path::new(file).strip_prefix(cwd).ok())
            .map_or_else(|| file.to_owned(), |p| p.display().to_string());
        match self.line {
            Some(line) => format!("{shown}:{line}"),
            None => shown,
        }
    }
}

/// The frames of `ips` (innermost first) as the report's text: what the
/// worker was blocked in, then the user's frames with their file and line.
fn report(ips: &[usize]) -> String {
    let mut frames = Vec::new();
    for &ip in ips {
        backtrace::resolve(ip as *mut _, |symbol| {
            frames.push(Frame {
                name: symbol
                    .name()
                    .map_or_else(|| "?".to_owned(), |n| format!("{n:#}")),
                file: symbol.filename().map(|f| f.display().to_string()),
                line: symbol.lineno(),
            });
        });
    }
    // The handler's own frames come first, then the signal's trampoline.
    let handler = frames
        .iter()
        .rposition(|f| f.name.contains("ops::stall::on_signal"))
        .map_or(0, |i| i + 1);
    let start = frames
        .iter()
        .skip(handler)
        .position(|f| f.name != "?" && !f.name.contains("__restore_rt"))
        .map_or(frames.len(), |i| handler + i);
    let frames = &frames[start..];
    let mut text = String::new();
    if let Some(innermost) = frames.first() {
        let _ = write!(text, "blocked in `{}`", innermost.name);
    }
    let users: Vec<&Frame> = frames
        .iter()
        .filter(|f| f.is_users())
        .take(USER_FRAMES)
        .collect();
    if users.is_empty() {
        text.push_str(" (no frame of the app's own code has file and line: build with debug = \"line-tables-only\")");
    }
    for (i, frame) in users.iter().enumerate() {
        let how = if i == 0 { "called from" } else { "         in" };
        let _ = write!(text, "\n    {how} {} `{}`", frame.at(), frame.name);
    }
    text
}
