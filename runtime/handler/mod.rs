//! **handler** — the traits the macros implement and the adapted chain a
//! request runs through (what only generated code names is in `contract/`):
//! - `view.rs`: the [`View`] trait `#[view]` implements, its [`Mode`] and
//!   [`Handler`];
//! - `middleware.rs`: the [`Middleware`] trait `#[middleware]` implements;
//! - `chain.rs`: one endpoint's middleware and view, each step's way in
//!   (await, switch, call, drive) fixed once when the app is built;
//! - `next.rs`: [`Next`] / [`SyncNext`], which run those steps, and
//!   `first_step` / `answer`, where a request enters its chain;
//! - `step.rs`: the future of one step run from async code (what
//!   `Next::run` returns), small so a request's future is;
//! - `answers.rs`: the 404, 405, 500 (panic) and 503 (busy) answers;
//! - `error_from.rs`: `?` from any error into [`Error`](crate::Error),
//!   keeping a `DbError`'s own status;
//! - `slow_poll.rs`: the warning for a poll of async code that holds the
//!   worker too long (the run-time backstop of the blocking-call lints).
//!
//! May use: `core`, `exec`, `extract`, `db` (feature `sqlite`) for atomic
//! requests, and `web` (a view's `Template` is rendered where the view ran:
//! `step.rs`, `next.rs`). See `docs/architecture.md` for why a request switches threads
//! at most once.

mod answers;
mod chain;
mod error_from;
mod middleware;
mod next;
mod slow_poll;
mod step;
mod thread_usage;
mod view;

pub(crate) use chain::{Chain, Env, ServiceEnd};
pub(crate) use middleware::Layer;
pub use middleware::{Middleware, MiddlewareHandler, MiddlewareInfo};
pub use next::{Next, SyncNext};
pub(crate) use next::{answer, first_step};
pub(crate) use slow_poll::{DEFAULT_THRESHOLD, SlowPoll, SlowPollWatch};
pub(crate) use step::StepFuture;
pub(crate) use view::Endpoint;
pub use view::{BoxFuture, Handler, Mode, View, ViewArg, ViewInfo};
