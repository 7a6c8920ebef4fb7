//! The built-in middleware, each written with `#[middleware]` like user code
//! (read them as examples): request ids, an access log line, a timeout, and
//! Django's `ALLOWED_HOSTS` check. All four are async: they never block, so
//! they keep a request on the async workers.
//!
//! ```no_run
//! use std::time::Duration;
//! use twain::middleware::{AllowedHosts, Timeout, access_log, allowed_hosts, request_id, timeout};
//! use twain::prelude::*;
//!
//! #[view]
//! fn index() -> &'static str { "hello" }
//!
//! fn main() -> Result<(), twain::Error> {
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

mod access;
mod deadline;
mod hosts;
mod ids;

pub use access::access_log;
pub use deadline::{Deadline, Timeout, timeout};
pub use hosts::{AllowedHosts, allowed_hosts};
pub use ids::{RequestId, request_id};
