//! **db** — the data layer, `twain::db` (cargo feature `sqlite`, on by
//! default): SQLite through rusqlite (bundled), pooled with r2d2, set up with
//! WAL and a busy timeout, migrated at start-up; and, with the feature
//! `postgres`, the same API over PostgreSQL (`postgres/`), the backend chosen
//! by the database's URL (`database.rs`). Values, rows and placeholders are
//! twain's own (`value.rs`, `row.rs`, `placeholders.rs`; timestamps, dates,
//! UUIDs and decimals in `types.rs`), bridged to each driver (`sqlite.rs`,
//! `postgres/`). Both APIs come from one codebase:
//! - sync code takes a [`Conn`] (`conn.rs`): a pooled connection checked out on
//!   the sync thread, not `Send`, shared by the parts of one request on that
//!   thread (`thread_conn.rs`, which also runs **atomic requests**);
//! - async code takes a [`Db`] (`pool.rs`) and goes through
//!   [`Db::run`] / [`Db::atomic`] (`run.rs`) and [`Db::stream`] (`stream.rs`),
//!   each running on a sync thread through `exec`'s one wrapper, and the
//!   async queries `db.query_one` / `all` / `execute` (`query.rs`: on
//!   PostgreSQL without a thread switch);
//! - rows map into the user's types with [`FromRow`] (`rows.rs`) in both;
//!   transactions are [`Tx`] (`tx.rs`); a database that stops answering is
//!   answered 503 at once while a probe reconnects (`health.rs`); the lazy relation is [`ForeignKey`]
//!   (`lazy.rs`); errors and their responses are [`DbError`] (`error.rs`);
//!   the app's setup is [`Database`] (`database.rs`); the extractors are in
//!   `extract.rs`; the database session store is `session_store.rs`.
//!
//! May use: `extract` (its extractors implement `FromRequest`), `exec`,
//! `core`, `web` (the session store implements its `SessionStore`). `handler` uses it for atomic requests, `app` to open the pool.
//! See `docs/data.md` and `docs/architecture.md`.

mod conn;
mod database;
mod error;
mod extract;
mod health;
mod lazy;
mod placeholders;
mod pool;
#[cfg(feature = "postgres")]
mod postgres;
mod query;
mod row;
mod rows;
mod run;
#[cfg(feature = "sessions")]
mod session_store;
mod sqlite;
mod stream;
mod thread_conn;
mod tx;
mod types;
mod value;

pub use conn::Conn;
pub use database::{DATABASE_URL, Database};
pub use error::{Constraint, DbError};
pub use lazy::{ForeignKey, Loads};
pub use pool::{Backend, Db};
pub use row::{Row, RowIndex};
pub use rows::{FromRow, RowIter, Table};
#[cfg(feature = "sessions")]
pub use session_store::DbSessionStore;
pub use stream::RowStream;
pub use tx::Tx;
pub use value::{ColumnValue, FromColumn, Params, ToParam, Value};

/// The `postgres` crate, for what `Conn::postgres` gives (feature `postgres`).
#[cfg(feature = "postgres")]
pub use ::postgres as postgres_client;
/// The crates of the column types twain reads and binds: `time` (timestamps,
/// dates, times), `uuid`, `rust_decimal` (feature `decimal`) and `chrono`
/// (feature `chrono`).
pub use ::time;
pub use ::uuid;
#[cfg(feature = "chrono")]
pub use chrono;
/// rusqlite itself, for what [`Conn::sqlite`] gives (`prepare`, pragmas, …).
pub use rusqlite;
/// The migrations `Database::migrations` takes: `Migrations::new(vec![M::up("..")])`.
pub use rusqlite_migration::{M, Migrations};
#[cfg(feature = "decimal")]
pub use rust_decimal;
/// `#[derive(FromRow)]`: see [`FromRow`].
pub use twain_macros::FromRow;

#[cfg(all(feature = "postgres", feature = "channels"))]
pub(crate) use postgres::listen;
pub(crate) use thread_conn::atomic_request;
