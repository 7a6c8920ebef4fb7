//! [`Db`]: the pool of SQLite connections an app shares (r2d2 over
//! r2d2_sqlite), each connection set up with WAL, `busy_timeout` and foreign
//! keys when it opens; the migrations run once when the pool is built; and
//! checking a connection out, with a bounded wait.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use r2d2::PooledConnection;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use rusqlite_migration::Migrations;

use super::error::DbError;

/// A pooled rusqlite connection, as the pool hands it out.
pub(crate) type Pooled = PooledConnection<SqliteConnectionManager>;

#[derive(Clone, Copy, Debug)]
pub(crate) struct PoolSettings {
    pub(crate) size: u32,
    pub(crate) checkout_wait: Duration,
    pub(crate) busy_timeout: Duration,
    pub(crate) atomic_requests: bool,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            size: 32,
            checkout_wait: Duration::from_secs(5),
            busy_timeout: Duration::from_secs(5),
            atomic_requests: false,
        }
    }
}

/// The app's database: a handle on its connection pool, cheap to clone.
///
/// Async views take it as an argument (`db: Db`) and reach the database
/// through [`Db::run`], [`Db::atomic`] and [`Db::stream`], each of which
/// runs on a sync thread; sync views take a [`Conn`](super::Conn) instead.
#[derive(Clone)]
pub struct Db {
    pub(crate) shared: Arc<Shared>,
}

pub(crate) struct Shared {
    pub(crate) pool: r2d2::Pool<SqliteConnectionManager>,
    pub(crate) settings: PoolSettings,
    /// Tells this pool from another app's on the same thread.
    pub(crate) id: usize,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.shared.pool.state();
        f.debug_struct("Db")
            .field("connections", &state.connections)
            .field("idle", &state.idle_connections)
            .finish()
    }
}

/// Sets up each new connection: the busy timeout first (so switching the
/// journal mode waits for other connections), then WAL and foreign keys.
fn init(conn: &mut Connection, busy_timeout: Duration) -> rusqlite::Result<()> {
    conn.busy_timeout(busy_timeout)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        tracing::warn!(
            mode,
            "SQLite refused WAL mode; concurrent writers may wait longer"
        );
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
}

impl Db {
    pub(crate) fn open(
        path: &Path,
        migrations: Option<&Migrations<'static>>,
        settings: PoolSettings,
    ) -> Result<Db, DbError> {
        static IDS: AtomicUsize = AtomicUsize::new(1);
        let busy = settings.busy_timeout;
        let manager = SqliteConnectionManager::file(path).with_init(move |conn| init(conn, busy));
        // Migrations first, on a connection of their own, so a schema error
        // stops start-up before any request.
        if let Some(migrations) = migrations {
            let mut conn = Connection::open(path)
                .map_err(|err| DbError::open(format!("{}: {err}", path.display())))?;
            init(&mut conn, busy)
                .map_err(|err| DbError::open(format!("{}: {err}", path.display())))?;
            migrations
                .to_latest(&mut conn)
                .map_err(DbError::migration)?;
        }
        let pool = r2d2::Pool::builder()
            .max_size(settings.size)
            .min_idle(Some(settings.size.min(2)))
            .connection_timeout(settings.checkout_wait)
            .test_on_check_out(false)
            .build(manager)
            .map_err(|err| DbError::open(format!("{}: {err}", path.display())))?;
        tracing::debug!(path = %path.display(), size = settings.size, "database pool ready");
        Ok(Db {
            shared: Arc::new(Shared {
                pool,
                settings,
                id: IDS.fetch_add(1, Ordering::Relaxed),
            }),
        })
    }

    /// Checks a connection out of the pool, waiting at most
    /// `Database::checkout_wait`. Blocking: sync threads only.
    pub(crate) fn checkout(&self) -> Result<Pooled, DbError> {
        self.shared.pool.get().map_err(|err| {
            tracing::debug!(error = %err, "no pooled connection");
            DbError::pool_busy(self.shared.settings.checkout_wait)
        })
    }

    /// A connection for sync code outside a view — a script, a fixture, a
    /// `twain::sync_to_async(|cx| ..)` closure, `Client::blocking(|cx| ..)`:
    /// the [`Blocking`](crate::Blocking) capability proves this thread may
    /// wait for one. Inside a request's sync part it is the request's own.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// use twain::db::{Database, DbError};
    ///
    /// let db = Database::sqlite(dir.path().join("x.db")).open()?;
    /// let client = twain::test::Client::new(twain::App::new());
    /// let n: i64 = client.blocking(|cx| -> Result<i64, DbError> {
    ///     let conn = db.conn(cx)?;
    ///     Ok(conn.query_one::<(i64,)>("SELECT 40 + 2", ())?.0)
    /// })?;
    /// assert_eq!(n, 42);
    /// # Ok::<(), DbError>(())
    /// ```
    pub fn conn<'cx>(&self, cx: impl crate::MayBlock<'cx>) -> Result<super::Conn, DbError> {
        let _ = cx.into_blocking();
        super::Conn::here(self)
    }

    /// How many of the pool's connections are checked out right now.
    pub fn connections_in_use(&self) -> u32 {
        let state = self.shared.pool.state();
        state.connections - state.idle_connections
    }

    /// Whether every route with a sync view is atomic (`Database::atomic_requests`).
    pub(crate) fn atomic_requests(&self) -> bool {
        self.shared.settings.atomic_requests
    }
}
