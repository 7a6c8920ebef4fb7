//! **db/postgres** — the PostgreSQL backend of `twain::db` (cargo feature
//! `postgres`): the same `Conn`, `Db`, atomic requests and row mapping as on
//! SQLite, through well-kept crates; TLS as libpq's `sslmode` says, with
//! rustls (feature `postgres-tls`).
//!
//! - `pool.rs`: the two pools — r2d2 over r2d2_postgres for sync code's
//!   `Conn`, deadpool-postgres over tokio-postgres for the async queries on
//!   `Db` — opened, with the migrations, by `open`;
//! - `sync_conn.rs`: a `Conn`'s statements on the `postgres` crate's client,
//!   each prepared once per connection;
//! - `query.rs`: `db.query_one`/`get`/`all`/`execute` on a shared client
//!   and `db.stream` on the async pool, on the async worker itself (no
//!   thread switch, no sync thread);
//! - `shared.rs`: the shared clients, which pipeline the single statements
//!   of concurrent requests on a few connections;
//! - `tls.rs`: `sslmode` and `sslrootcert` read from the URL, and the
//!   connector both pools and the migrations' connection use;
//! - `types.rs`: twain's values to and from PostgreSQL's types;
//! - `errors.rs`: which errors are constraints, which are worth a retry;
//! - `migrate.rs`: the versioned migration runner, one process at a time;
//! - `listen.rs`: a connection of its own, outside the pools, that `LISTEN`s
//!   (the channel layer's, `twain::channels`).

mod errors;
#[cfg(feature = "channels")]
mod listen;
mod migrate;
mod pool;
mod query;
mod shared;
mod sync_conn;
mod tls;
mod types;

pub(crate) use errors::{constraint, is_transient};
#[cfg(feature = "channels")]
pub(crate) use listen::listen;
pub(crate) use pool::{PgPools, PooledPg, open};
pub(crate) use query::{all_async, execute_async, first_async, stream_async};
pub(crate) use sync_conn::{Cursor, batch, execute, first};
pub(crate) use types::column;
