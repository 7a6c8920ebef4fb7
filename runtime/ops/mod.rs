//! **ops** — what an operator sees of a running app: its metrics, recorded
//! through the `metrics` facade (feature `metrics`) and served as Prometheus
//! text on a route the app chooses (`Prometheus`). The layers above call
//! the hooks here (`exec`: the sync pool; `db`: checkouts; `handler`: slow
//! polls, the wait for a sync thread; `app`: per-route counts and latency).
//! Without the feature every hook is an empty inline function on zero-sized
//! values (`off.rs`): nothing is timed, nothing recorded.
//!
//! `stall.rs` captures the stack of a worker held past the slow-poll
//! threshold while it is still blocked, so the warning names the file and
//! line (Linux; the only `unsafe` of this layer, each block with its SAFETY).
//!
//! Labels are bounded: route patterns, view and middleware names, methods
//! folded to the standard ones, status classes; never raw paths. The
//! handles of each label set are made once (interned, `'static`), so
//! recording is an atomic add, not a registry lookup.
//!
//! May use: `core` (a `Prometheus` snapshot is a response). See
//! `docs/operations.md` for each metric.

#[cfg(feature = "metrics")]
mod on;
#[cfg(feature = "metrics")]
mod prometheus;
#[cfg(feature = "metrics")]
use on as imp;

#[cfg(not(feature = "metrics"))]
mod off;

/// The stack of a stalled worker (`stall.rs`; Linux, feature `metrics`).
#[cfg(all(feature = "metrics", target_os = "linux"))]
pub(crate) mod stall;
#[cfg(not(all(feature = "metrics", target_os = "linux")))]
#[path = "stall_off.rs"]
pub(crate) mod stall;
#[cfg(not(feature = "metrics"))]
use off as imp;

// Which of these are used depends on `metrics` and `sqlite`.
#[cfg_attr(
    not(all(feature = "metrics", feature = "sqlite")),
    allow(unused_imports)
)]
pub(crate) use imp::{DbMetrics, RouteMetrics, Stamp, StepMetrics, on_scrape};
#[cfg(feature = "metrics")]
pub use prometheus::{MetricsError, Prometheus};
