//! **middleware** — the public `twain::middleware` module: the traits and
//! continuations a middleware is written with ([`Middleware`], [`Next`],
//! [`SyncNext`], from `handler`), and the built-in middleware, each written
//! with `#[middleware]` like user code (read them as examples): request ids,
//! an access log line, a timeout, Django's `ALLOWED_HOSTS` check, and CSRF
//! protection (`csrf_protect`; its checks are in `web/csrf.rs`). All five
//! are async: they never block, so they keep a request on the async workers.
//!
//! A middleware wraps everything inside it: the middleware added after it, the
//! routing result and the view. The first one added with `App::middleware` is
//! the outermost, as in Django's `MIDDLEWARE` list; a 404 or 405 passes through
//! every middleware too. Where each part runs:
//!
//! - async parts run inline, on the async worker;
//! - the first sync part (middleware or view) moves the request to a sync
//!   thread — the one switch of the request;
//! - everything inside a sync part then runs on that same thread: inner sync
//!   parts are called directly, inner async parts are driven on it.
//!
//! So a request switches at most once, whatever the mix, and a chain with no
//! sync part never leaves the workers. The chain of each route is adapted once,
//! when the app is built; `RUST_LOG=twain=debug` shows each adaptation.
//! The guide is `docs/middleware.md`; the layers, `docs/architecture.md`.
//!
//! ```no_run
//! use std::time::Duration;
//! use twain::middleware::{AllowedHosts, Timeout, access_log, allowed_hosts, request_id, timeout};
//! use twain::prelude::*;
//!
//! #[view]
//! fn index() -> &'static str { "hello" }
//!
//! fn main() -> Result<(), twain::ServeError> {
//!     App::new()
//!         .state(AllowedHosts::new(["example.com", ".example.org"]))
//!         .state(Timeout(Duration::from_secs(10)))
//!         .middleware(allowed_hosts) // first: a bad Host goes no further
//!         .middleware(request_id)    // before access_log, so the line has the id
//!         .middleware(access_log)
//!         .middleware(timeout)
//!         .route("", index)
//!         .run("127.0.0.1:8000")
//! }
//! ```
//!
//! May use: `core`, `handler`, `web`. See `docs/architecture.md`.

mod access;
#[cfg(feature = "sessions")]
mod csrf;
mod deadline;
mod hosts;
mod ids;

pub use crate::handler::{Middleware, Next, SyncNext};
pub use access::access_log;
#[cfg(feature = "sessions")]
pub use csrf::csrf_protect;
pub use deadline::{Deadline, Timeout, timeout};
pub use hosts::{AllowedHosts, allowed_hosts};
pub use ids::{RequestId, request_id};
