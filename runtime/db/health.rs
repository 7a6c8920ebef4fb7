//! Whether the database answers at all: when the pool fails to open a
//! connection (refused, unreachable, a SQLite file that cannot be opened),
//! the database is *down*. Requests needing a connection are then answered
//! 503 with `Retry-After` at once, instead of each holding a sync thread for
//! the whole checkout wait, while one background probe connects every
//! [`PROBE_EVERY`] until it succeeds. One log line when the database goes
//! away, one when it is back.
//!
//! The pools report failed connects through [`MarkDown`] (r2d2's error
//! handler); the checkout loop in `pool.rs` reads [`Health::is_down`], one
//! relaxed load per checkout slice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

/// How often the probe tries to connect while the database is down.
pub(crate) const PROBE_EVERY: Duration = Duration::from_millis(250);

/// A connect with a connection of its own, outside the pool: `Ok` once the
/// database answers again.
pub(crate) type Probe = Box<dyn Fn() -> Result<(), String> + Send + Sync>;

/// The up/down state of one database.
pub(crate) struct Health {
    down: AtomicBool,
    probe: Probe,
    /// What the database is, for the log lines (a path, a redacted URL).
    shown: String,
}

impl Health {
    pub(crate) fn new(shown: String, probe: Probe) -> Arc<Health> {
        Arc::new(Health {
            down: AtomicBool::new(false),
            probe,
            shown,
        })
    }

    /// Whether the last connect failed and no probe has succeeded since.
    #[inline]
    pub(crate) fn is_down(&self) -> bool {
        self.down.load(Ordering::Relaxed)
    }

    /// A connect failed: marks the database down and starts the probe,
    /// once per outage.
    pub(crate) fn failed(self: &Arc<Self>, why: &str) {
        if self.down.swap(true, Ordering::AcqRel) {
            return;
        }
        tracing::error!(
            database = %self.shown,
            cause = why,
            "the database is unreachable; answering 503 at once while a probe reconnects every {PROBE_EVERY:?}"
        );
        let weak = Arc::downgrade(self);
        let spawned = std::thread::Builder::new()
            .name("twain-db-probe".into())
            .spawn(move || probe(weak));
        if let Err(err) = spawned {
            // No probe: let the next checkout try the pool again.
            tracing::error!(error = %err, "cannot start the database probe thread");
            self.down.store(false, Ordering::Release);
        }
    }
}

/// Connects every [`PROBE_EVERY`] until the database answers (or its pool is
/// gone), then marks it up.
fn probe(health: Weak<Health>) {
    let since = Instant::now();
    loop {
        std::thread::sleep(PROBE_EVERY);
        let Some(health) = health.upgrade() else {
            return;
        };
        if (health.probe)().is_ok() {
            health.down.store(false, Ordering::Release);
            tracing::warn!(
                database = %health.shown,
                "the database is back after {:.1} s; serving again",
                since.elapsed().as_secs_f64()
            );
            return;
        }
    }
}

/// r2d2's error handler: a failed connect marks the database down, unless
/// `busy` says the server answered and is only full (PostgreSQL's
/// `too_many_connections`: the connections open still work).
pub(crate) struct MarkDown<E> {
    health: Weak<Health>,
    busy: fn(&E) -> bool,
}

impl<E> MarkDown<E> {
    pub(crate) fn new(health: &Arc<Health>, busy: fn(&E) -> bool) -> Box<Self> {
        Box::new(MarkDown {
            health: Arc::downgrade(health),
            busy,
        })
    }
}

impl<E> std::fmt::Debug for MarkDown<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MarkDown")
    }
}

impl<E: std::fmt::Display + Send + Sync + 'static> r2d2::HandleError<E> for MarkDown<E> {
    fn handle_error(&self, error: E) {
        if (self.busy)(&error) {
            tracing::debug!(%error, "the database refused a new connection as full");
            return;
        }
        if let Some(health) = self.health.upgrade() {
            health.failed(&error.to_string());
        }
    }
}
