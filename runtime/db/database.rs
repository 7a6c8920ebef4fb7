//! [`Database`]: how an app's database is set up — the SQLite file, its
//! migrations, the pool's size and waits, atomic requests — and
//! [`Database::open`], which builds the pool and runs the migrations once, at
//! start-up (`App::into_service` calls it; so may a script or a test).

use std::path::PathBuf;
use std::time::Duration;

use rusqlite_migration::Migrations;

use super::error::DbError;
use super::pool::{Db, PoolSettings};

/// The database of an app, given to `App::database`.
///
/// ```no_run
/// use twain::db::{Database, M, Migrations};
/// use twain::prelude::*;
///
/// let app = App::new().database(
///     Database::sqlite("app.db")
///         .migrations(Migrations::new(vec![
///             M::up("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL)"),
///         ]))
///         .pool_size(16),
/// );
/// # let _ = app;
/// ```
///
/// Every connection the pool opens is set up the same way: WAL journal (readers
/// never wait for the writer), `busy_timeout` (a writer waits for the write
/// lock instead of failing with `database is locked`), `foreign_keys = ON`,
/// `synchronous = NORMAL` (durable at each checkpoint, the usual WAL choice).
pub struct Database {
    path: PathBuf,
    migrations: Option<Migrations<'static>>,
    settings: PoolSettings,
}

impl Database {
    /// A SQLite database in the file at `path` (created if missing). SQLite is
    /// bundled: nothing to install.
    pub fn sqlite(path: impl Into<PathBuf>) -> Self {
        Database {
            path: path.into(),
            migrations: None,
            settings: PoolSettings::default(),
        }
    }

    /// The migrations to bring the schema up to date with, run in order at
    /// start-up (the schema version is SQLite's `user_version`). A migration
    /// that fails stops the app from starting.
    pub fn migrations(mut self, migrations: Migrations<'static>) -> Self {
        self.migrations = Some(migrations);
        self
    }

    /// How many connections the pool keeps at most (default 32). A sync view
    /// holds one while it runs, so with fewer connections than
    /// `App::sync_threads` some requests wait for one.
    pub fn pool_size(mut self, connections: u32) -> Self {
        self.settings.size = connections.max(1);
        self
    }

    /// How long a request waits for a free connection before it is answered
    /// 503 with `Retry-After` (default 5 s).
    pub fn checkout_wait(mut self, wait: Duration) -> Self {
        self.settings.checkout_wait = wait;
        self
    }

    /// How long a statement waits for SQLite's write lock before it fails
    /// (`busy_timeout`, default 5 s).
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.settings.busy_timeout = timeout;
        self
    }

    /// Atomic requests for every route whose view is sync (Django's
    /// `ATOMIC_REQUESTS`; default off): the request's sync middleware and its
    /// view share one connection and one transaction, committed when the
    /// response is under 500 and rolled back on a 5xx, an `Err` that answers
    /// 5xx, or a panic. For one route only, use `MethodRouter::atomic`.
    pub fn atomic_requests(mut self, on: bool) -> Self {
        self.settings.atomic_requests = on;
        self
    }

    /// Builds the pool and runs the migrations; blocking (SQLite opens files).
    /// `App` calls it when it is built; call it yourself to use the database
    /// outside an app (a script, a test fixture).
    pub fn open(self) -> Result<Db, DbError> {
        Db::open(&self.path, self.migrations.as_ref(), self.settings)
    }
}
