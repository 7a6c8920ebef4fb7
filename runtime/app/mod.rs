//! **app** — the application a user builds and what it compiles into:
//! - `builder.rs`: [`App`], the builder (routes, middleware, state, settings) and
//!   its three ways out: `into_service`, `run`, `serve`;
//! - `routes.rs` / `methods.rs`: [`Routes`] (Django-style route lists and
//!   `include`) and [`MethodRouter`] (`get(view).post(other)`);
//! - `compile.rs`: every check of the route table, then each route's adapted
//!   chains, once;
//! - `service.rs`: [`AppService`], where every request enters, and routing;
//! - `request_future.rs`: [`AppFuture`], the one future of each request;
//! - `error.rs`: [`BuildError`] and [`ServeError`];
//! - `layers.rs` / `mount.rs`: tower layers around the app or a route, and
//!   tower services mounted at a prefix or a route;
//! - `request_log.rs`: every request's info span and `finished` line.
//! - `route_check.rs`: the const check `#[routes]` runs on each route, so a
//!   route that does not match its view fails `cargo build`;
//! - `startup_checks.rs`: settings that build but do not fit together (the
//!   database pool against the sync threads), a warning with the fix.
//!
//! May use: `core`, `db` (feature `sqlite`), `exec`, `handler`, `routing`,
//! `server`, `web`. See `docs/architecture.md`.

mod builder;
mod compile;
mod config;
mod error;
mod layers;
mod methods;
mod mount;
mod panic_log;
mod request_future;
mod request_log;
mod route_check;
mod routes;
mod service;
mod startup_checks;
#[cfg(feature = "tasks")]
mod tasks;

pub use builder::App;
pub use error::{BuildError, Problem, ServeError};
pub use layers::TowerService;
pub use methods::{IntoMethodRouter, MethodRouter, any, delete, get, options, patch, post, put};
pub use request_future::AppFuture;
#[doc(hidden)]
pub use route_check::{
    RouteArg, RouteReport, RouteView, Routed, build_uri, check_route, check_uri,
};
pub use routes::Routes;
pub use service::AppService;
#[cfg(feature = "tasks")]
pub(crate) use tasks::worker_of;
