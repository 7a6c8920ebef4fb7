//! **db** — the data layer, `twain::db` (cargo feature `sqlite`, on by
//! default): SQLite through rusqlite (bundled), pooled with r2d2, set up with
//! WAL and a busy timeout, migrated at start-up. Both APIs come from one
//! codebase:
//! - sync code takes a [`Conn`] (`conn.rs`): a pooled connection checked out on
//!   the sync thread, not `Send`, shared by the parts of one request on that
//!   thread (`thread_conn.rs`, which also runs **atomic requests**);
//! - async code takes a [`Db`] (`pool.rs`) and goes through
//!   [`Db::run`] / [`Db::atomic`] (`run.rs`) and [`Db::stream`] (`stream.rs`),
//!   each running on a sync thread through `exec`'s one wrapper;
//! - rows map into the user's types with [`FromRow`] (`rows.rs`) in both;
//!   transactions are [`Tx`] (`tx.rs`); the lazy relation is [`ForeignKey`]
//!   (`lazy.rs`); errors and their responses are [`DbError`] (`error.rs`);
//!   the app's setup is [`Database`] (`database.rs`); the extractors are in
//!   `extract.rs`.
//!
//! May use: `extract` (its extractors implement `FromRequest`), `exec`,
//! `core`. `handler` uses it for atomic requests, `app` to open the pool.
//! See `docs/data.md` and `docs/architecture.md`.

mod conn;
mod database;
mod error;
mod extract;
mod lazy;
mod pool;
mod rows;
mod run;
mod stream;
mod thread_conn;
mod tx;

pub use conn::Conn;
pub use database::Database;
pub use error::{Constraint, DbError};
pub use lazy::{ForeignKey, Loads};
pub use pool::Db;
pub use rows::{FromRow, RowIter, Table};
pub use stream::RowStream;
pub use tx::Tx;

/// rusqlite itself, for its `params!` macro, `Row`, `ToSql` and the rest.
pub use rusqlite;
/// The migrations `Database::migrations` takes: `Migrations::new(vec![M::up("..")])`.
pub use rusqlite_migration::{M, Migrations};
/// `#[derive(FromRow)]`: see [`FromRow`].
pub use twain_macros::FromRow;

pub(crate) use thread_conn::atomic_request;
