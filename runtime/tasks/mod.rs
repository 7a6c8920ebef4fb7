//! **tasks** — background tasks, `twain::tasks` (cargo feature `tasks`):
//! work after the response, written as a plain `fn` or an `async fn` with
//! `#[task]`, queued in the app's own database and run by workers in the
//! server process or in a process of their own.
//!
//! Why twain has its own queue: a task must be queued in the request's own
//! transaction (so it exists if and only if the request commits), and that
//! transaction is rusqlite's or the `postgres` crate's. No Rust queue
//! enqueues there: those with SQLite reach it through sqlx or diesel, whose
//! `libsqlite3-sys` cannot sit beside rusqlite's in one build, and none runs
//! sync handlers off the async workers. So the queue is two tables on the
//! data layer (`store.rs`), small enough to read whole.
//!
//! - `task.rs`: the [`Task`] trait `#[task]` implements, [`TaskInfo`],
//!   [`TaskError`]; `contract.rs`: what the macro's expansion names;
//! - `enqueue.rs`: [`Enqueue`] (options: delay or time, priority, queue,
//!   unique key) on a `Conn` (sync, in its transaction) or a `Db` (async);
//! - `store.rs`: the tables, made by twain itself, and every statement:
//!   claim (`BEGIN IMMEDIATE` on SQLite, `FOR UPDATE SKIP LOCKED` on
//!   PostgreSQL), heartbeat, completion and failure fenced by attempt;
//! - `worker.rs`: the [`Registry`] and the [`Worker`] (leases, retries with
//!   backoff, timeouts, graceful shutdown); `listen.rs`: PostgreSQL's
//!   `LISTEN`; `wakers.rs`: in-process wake-ups;
//! - `results.rs`: [`TaskResult`] by id, and pruning.
//!
//! May use: `db`, `exec`, `core`. `app` uses it to run workers beside the
//! server, the test clients to run queued tasks on demand. See `docs/tasks.md`.

#[doc(hidden)]
pub mod contract;
mod enqueue;
#[cfg(feature = "postgres")]
mod listen;
mod results;
mod store;
mod task;
mod wakers;
mod worker;

pub use enqueue::{Enqueue, TaskId};
pub use results::{AttemptError, Status, TaskResult, prune, result, result_async};
pub use task::{Task, TaskError, TaskInfo};
pub use worker::{Registry, Worker};

/// `#[task]`, documented at the crate root.
#[doc(no_inline)]
pub use twain_macros::task;
