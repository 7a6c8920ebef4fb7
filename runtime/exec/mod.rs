//! **exec** — the sync side. It owns:
//! - the [`Blocking`] capability (`blocking.rs`) and the thread mark that says
//!   "this is a sync thread" (`thread.rs`);
//! - the one "run on a sync thread" wrapper, `SyncPool::start` (`pool.rs`;
//!   `SyncPool::run` is the same, awaited): the `App::sync_threads` bound
//!   with its bounded wait, the `tracing` span carried across, the thread
//!   mark, the live-job count and `catch_unwind`. A request's sync part
//!   (`handler/step.rs`) calls `start`; `Chunks` pulls, body spooling,
//!   uploads, the CSRF form scan, `db.run` and `sync_to_async` call `run`.
//!   Its failures are values ([`SyncFailure`], `failure.rs`), never panic
//!   payloads;
//! - twain's own sync threads (`threads/`), whose one door is the pool, and
//!   [`free_at_home`] (`home_drop.rs`): a sync view's request freed on the
//!   async worker that allocated it;
//! - the pool of the request a worker is polling (`request_pool.rs`), which
//!   the request's future makes current around each poll;
//! - the one way sync code drives a nested async part, [`block_on()`];
//! - the two public adapters, [`sync_to_async`] and [`async_to_sync`].
//!
//! May use: `core`. See `docs/architecture.md`.

mod adapters;
mod block_on;
mod blocking;
mod failure;
mod home_drop;
mod job_cell;
mod pool;
mod request_pool;
mod sync_answer;
mod thread;
mod threads;

pub use adapters::{async_to_sync, sync_to_async};
pub(crate) use block_on::block_on;
pub use blocking::{Blocking, MayBlock, sync_only_guard};
pub(crate) use failure::{SyncFailure, panic_message};
pub(crate) use home_drop::free_at_home;
pub(crate) use pool::{Job, SyncPool};
pub(crate) use request_pool::{PoolSlot, with_pool};
pub(crate) use sync_answer::Started;
pub(crate) use thread::SyncThreadMark;
pub use thread::{may_block_here, on_sync_thread};
