//! [`Db`]: the pool of connections an app shares — SQLite (r2d2 over
//! r2d2_sqlite, each connection set up with WAL, `busy_timeout` and foreign
//! keys when it opens) or PostgreSQL (`postgres/pool.rs`); the migrations run
//! once when the pool is built; and checking a connection out, with a bounded
//! wait, answered at once while the database is down (`health.rs`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use r2d2::PooledConnection;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use rusqlite_migration::Migrations;

use super::error::DbError;
use super::health::{Health, MarkDown};

/// How often a checkout waiting for a connection looks whether the database
/// went down meanwhile.
const CHECKOUT_SLICE: Duration = Duration::from_millis(20);

/// r2d2's `connection_timeout`: with our own checkout loop it only caps the
/// pool's back-off between failed connects (half of it), so the pool
/// reconnects within half a second of the database coming back.
pub(crate) const RECONNECT_CAP: Duration = Duration::from_secs(1);

/// A pooled rusqlite connection, as the pool hands it out.
pub(crate) type PooledSqlite = PooledConnection<SqliteConnectionManager>;

/// A checked-out connection of either backend.
// One per checked-out connection, behind the `Rc` every `Conn` shares.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Pooled {
    Sqlite(PooledSqlite),
    #[cfg(feature = "postgres")]
    Postgres(std::cell::RefCell<super::postgres::PooledPg>),
}

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

/// Which database a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// SQLite, in a file.
    Sqlite,
    /// PostgreSQL, over the network (feature `postgres`).
    Postgres,
}

/// The app's database: a handle on its connection pool, cheap to clone.
///
/// Async views take it as an argument (`db: Db`) and query with
/// [`Db::query_one`], [`Db::all`], [`Db::execute`] (on PostgreSQL without
/// leaving the async worker; on SQLite through one switch to a sync thread),
/// or run sync code with [`Db::run`], [`Db::atomic`] and [`Db::stream`];
/// sync views take a [`Conn`](super::Conn) instead.
#[derive(Clone)]
pub struct Db {
    pub(crate) shared: Arc<Shared>,
}

pub(crate) enum Pools {
    Sqlite(r2d2::Pool<SqliteConnectionManager>),
    #[cfg(feature = "postgres")]
    Postgres(super::postgres::PgPools),
}

pub(crate) struct Shared {
    pub(crate) pools: Pools,
    pub(crate) settings: PoolSettings,
    /// Tells this pool from another app's on the same thread.
    pub(crate) id: usize,
    /// Up or down; down answers checkouts at once (`health.rs`).
    pub(crate) health: Arc<Health>,
    /// Checkout waits and timeouts (`ops`).
    pub(crate) metrics: crate::ops::DbMetrics,
}

impl Shared {
    pub(crate) fn new(pools: Pools, settings: PoolSettings, health: Arc<Health>) -> Arc<Shared> {
        let backend = match &pools {
            Pools::Sqlite(_) => "sqlite",
            #[cfg(feature = "postgres")]
            Pools::Postgres(_) => "postgres",
        };
        let shared = Arc::new(Shared {
            pools,
            settings,
            id: next_id(),
            health,
            metrics: crate::ops::DbMetrics::of(backend),
        });
        // The pool's gauges, read at a scrape.
        let watched = Arc::downgrade(&shared);
        crate::ops::on_scrape(move |totals| {
            let Some(shared) = watched.upgrade() else {
                return false;
            };
            let db = Db { shared };
            totals.db_in_use += u64::from(db.connections_in_use());
            totals.db_size += u64::from(db.shared.settings.size);
            totals.db_down += u64::from(!db.is_up());
            true
        });
        shared
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend())
            .field("connections_in_use", &self.connections_in_use())
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

fn next_id() -> usize {
    static IDS: AtomicUsize = AtomicUsize::new(1);
    IDS.fetch_add(1, Ordering::Relaxed)
}

impl Db {
    pub(crate) fn open_sqlite(
        path: &Path,
        migrations: Option<&Migrations<'static>>,
        settings: PoolSettings,
    ) -> Result<Db, DbError> {
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
        let probe_path = path.to_owned();
        let health = Health::new(
            path.display().to_string(),
            Box::new(move || {
                let mut conn = Connection::open(&probe_path).map_err(|err| err.to_string())?;
                init(&mut conn, busy).map_err(|err| err.to_string())
            }),
        );
        let pool = r2d2::Pool::builder()
            .max_size(settings.size)
            .min_idle(Some(settings.size.min(2)))
            .connection_timeout(RECONNECT_CAP)
            .error_handler(MarkDown::new(&health, |_: &rusqlite::Error| false))
            .test_on_check_out(false)
            .build(manager)
            .map_err(|err| DbError::open(format!("{}: {err}", path.display())))?;
        tracing::debug!(path = %path.display(), size = settings.size, "database pool ready");
        Ok(Db {
            shared: Shared::new(Pools::Sqlite(pool), settings, health),
        })
    }

    /// Checks a connection out of the pool, waiting at most
    /// `Database::checkout_wait`; at once `DbError::down` while the database
    /// does not answer. Blocking: sync threads only.
    pub(crate) fn checkout(&self) -> Result<Pooled, DbError> {
        let wait = self.shared.settings.checkout_wait;
        let metrics = self.shared.metrics;
        let asked = crate::ops::Stamp::now();
        let deadline = Instant::now() + wait;
        // The wait in slices, so a checkout already waiting when a connect
        // fails is answered then, not at the end of the wait.
        loop {
            if let Err(down) = self.up() {
                metrics.refused_down();
                return Err(down);
            }
            let slice = deadline
                .saturating_duration_since(Instant::now())
                .min(CHECKOUT_SLICE);
            let got = match &self.shared.pools {
                Pools::Sqlite(pool) => pool.get_timeout(slice).map(Pooled::Sqlite),
                #[cfg(feature = "postgres")]
                Pools::Postgres(pools) => pools
                    .checkout(slice)
                    .map(|conn| Pooled::Postgres(std::cell::RefCell::new(conn))),
            };
            match got {
                Ok(conn) => {
                    metrics.checkout(asked);
                    return Ok(conn);
                }
                Err(_) if Instant::now() < deadline => continue,
                Err(err) => {
                    metrics.timeout();
                    tracing::debug!(error = %err, "no pooled connection");
                    return Err(DbError::pool_busy(wait));
                }
            }
        }
    }

    /// `Err(DbError::down())` while the database does not answer.
    #[inline]
    pub(crate) fn up(&self) -> Result<(), DbError> {
        if self.shared.health.is_down() {
            return Err(DbError::down());
        }
        Ok(())
    }

    /// Whether the database answers: `false` from a failed connect until a
    /// probe reconnects, while requests needing a connection get 503 at once.
    pub fn is_up(&self) -> bool {
        !self.shared.health.is_down()
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match &self.shared.pools {
            Pools::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Pools::Postgres(_) => Backend::Postgres,
        }
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

    /// How many of the pool's connections are checked out right now (for
    /// PostgreSQL, those of the sync pool and of the async pool).
    pub fn connections_in_use(&self) -> u32 {
        match &self.shared.pools {
            Pools::Sqlite(pool) => {
                let state = pool.state();
                state.connections - state.idle_connections
            }
            #[cfg(feature = "postgres")]
            Pools::Postgres(pools) => pools.in_use(),
        }
    }

    /// The pool's size and checkout wait, for the start-up checks.
    pub(crate) fn pool_settings(&self) -> (u32, Duration) {
        (
            self.shared.settings.size,
            self.shared.settings.checkout_wait,
        )
    }

    /// Whether every route with a sync view is atomic (`Database::atomic_requests`).
    pub(crate) fn atomic_requests(&self) -> bool {
        self.shared.settings.atomic_requests
    }
}
