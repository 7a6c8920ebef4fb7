//! [`Database`]: how an app's database is set up — where it is (a SQLite
//! file or a PostgreSQL server, by path or by URL: `from_url`, `from_env`),
//! its migrations (one list per dialect), the pool's size and waits, atomic
//! requests — and [`Database::open`], which builds the pool and runs the
//! migrations once, at start-up (`App::into_service` calls it; so may a
//! script or a test).

use std::borrow::Cow;
use std::path::PathBuf;
use std::time::Duration;

use rusqlite_migration::Migrations;

use super::error::DbError;
use super::pool::{Db, PoolSettings};

/// The environment variable [`Database::from_env`] reads.
pub const DATABASE_URL: &str = "DATABASE_URL";

/// Where the database is.
enum Target {
    Sqlite(PathBuf),
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres(String),
    /// A URL that names neither; the error is reported at `open`.
    Invalid(String),
}

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
/// The same app on either backend, chosen by one setting (`DATABASE_URL`):
///
/// ```no_run
/// use twain::db::{Database, M, Migrations};
/// use twain::prelude::*;
///
/// let database = Database::from_env_or("sqlite://app.db")
///     .migrations(Migrations::new(vec![M::up(
///         "CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL)",
///     )]))
///     .postgres_migrations([
///         "CREATE TABLE articles (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL)",
///     ]);
/// let app = App::new().database(database);
/// # let _ = app;
/// ```
///
/// Every SQLite connection the pool opens is set up the same way: WAL journal
/// (readers never wait for the writer), `busy_timeout` (a writer waits for
/// the write lock instead of failing with `database is locked`),
/// `foreign_keys = ON`, `synchronous = NORMAL` (durable at each checkpoint,
/// the usual WAL choice). PostgreSQL is used as the server is configured.
pub struct Database {
    target: Target,
    migrations: Option<Migrations<'static>>,
    postgres_migrations: Option<Vec<Cow<'static, str>>>,
    settings: PoolSettings,
}

impl Database {
    fn at(target: Target) -> Self {
        Database {
            target,
            migrations: None,
            postgres_migrations: None,
            settings: PoolSettings::default(),
        }
    }

    /// A SQLite database in the file at `path` (created if missing). SQLite is
    /// bundled: nothing to install.
    pub fn sqlite(path: impl Into<PathBuf>) -> Self {
        Database::at(Target::Sqlite(path.into()))
    }

    /// A PostgreSQL database (feature `postgres`), by its URL:
    /// `postgres://user:password@host:5432/dbname` (libpq's URL and
    /// `key=value` forms). No TLS: keep the server on a private network.
    pub fn postgres(url: impl Into<String>) -> Self {
        Database::at(Target::Postgres(url.into()))
    }

    /// The database a URL names: `postgres://…` or `postgresql://…` is
    /// PostgreSQL (feature `postgres`), `sqlite://path` or a plain path is a
    /// SQLite file. Any other scheme fails at start-up, saying so.
    pub fn from_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Database::postgres(url)
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            Database::sqlite(path)
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            Database::sqlite(path)
        } else if let Some((scheme, _)) = url.split_once("://") {
            Database::at(Target::Invalid(format!(
                "the database URL's scheme `{scheme}` is neither `postgres` nor `sqlite`"
            )))
        } else {
            Database::sqlite(url)
        }
    }

    /// The database named by the `DATABASE_URL` environment variable (see
    /// [`Database::from_url`]); unset, the app fails at start-up saying so.
    pub fn from_env() -> Self {
        match std::env::var(DATABASE_URL) {
            Ok(url) => Database::from_url(&url),
            Err(_) => Database::at(Target::Invalid(format!(
                "{DATABASE_URL} is not set: set it to `postgres://user:password@host/db` or `sqlite://app.db`"
            ))),
        }
    }

    /// The database named by `DATABASE_URL`, or by `default` when it is
    /// unset: `Database::from_env_or("sqlite://app.db")`.
    pub fn from_env_or(default: &str) -> Self {
        match std::env::var(DATABASE_URL) {
            Ok(url) => Database::from_url(&url),
            Err(_) => Database::from_url(default),
        }
    }

    /// The SQLite migrations to bring the schema up to date with, run in
    /// order at start-up (the schema version is SQLite's `user_version`). A
    /// migration that fails stops the app from starting.
    pub fn migrations(mut self, migrations: Migrations<'static>) -> Self {
        self.migrations = Some(migrations);
        self
    }

    /// The PostgreSQL migrations, one SQL text (one or more statements) per
    /// version, run in order at start-up: each once, all of them in one
    /// transaction under an advisory lock, so several processes starting at
    /// once apply each exactly once, and one that fails changes nothing. The
    /// versions applied are kept in the table `twain_migrations`. Never edit
    /// or remove a migration that ran; add a new one.
    pub fn postgres_migrations<S: Into<Cow<'static, str>>>(
        mut self,
        migrations: impl IntoIterator<Item = S>,
    ) -> Self {
        self.postgres_migrations = Some(migrations.into_iter().map(Into::into).collect());
        self
    }

    /// How many connections the pool keeps at most (default 32). A sync view
    /// holds one while it runs, so with fewer connections than
    /// `App::sync_threads` some requests wait for one. On PostgreSQL the
    /// sync and the async pool each hold up to this many, and the shared
    /// clients of `db.query_one` & co. are one more per core: mind the
    /// server's `max_connections` times the number of processes.
    pub fn pool_size(mut self, connections: u32) -> Self {
        self.settings.size = connections.max(1);
        self
    }

    /// How long a request waits for a free connection before it is answered
    /// 503 with `Retry-After` (default 5 s). A database that does not answer
    /// at all (a connect refused, unreachable, a SQLite file that cannot be
    /// opened) is answered 503 at once instead, until a background probe
    /// reconnects (`docs/operations.md`).
    pub fn checkout_wait(mut self, wait: Duration) -> Self {
        self.settings.checkout_wait = wait;
        self
    }

    /// How long a statement waits for SQLite's write lock before it fails
    /// (`busy_timeout`, default 5 s). PostgreSQL waits for row locks as its
    /// `lock_timeout` says.
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

    /// Builds the pool and runs the migrations; blocking (SQLite opens files,
    /// PostgreSQL connects). `App` calls it when it is built; call it
    /// yourself to use the database outside an app (a script, a test
    /// fixture, a [`DbSessionStore`](super::DbSessionStore)).
    pub fn open(self) -> Result<Db, DbError> {
        match self.target {
            Target::Sqlite(path) => Db::open_sqlite(&path, self.migrations.as_ref(), self.settings),
            Target::Invalid(why) => Err(DbError::open(why)),
            #[cfg(feature = "postgres")]
            Target::Postgres(url) => {
                if self.migrations.is_some() && self.postgres_migrations.is_none() {
                    return Err(DbError::migration(
                        "this database is PostgreSQL, and the app gives SQLite migrations only: give PostgreSQL's with `Database::postgres_migrations`",
                    ));
                }
                super::postgres::open(&url, self.postgres_migrations.as_deref(), self.settings)
            }
            #[cfg(not(feature = "postgres"))]
            Target::Postgres(_) => Err(DbError::open(
                "this is a PostgreSQL URL, and twain was built without PostgreSQL: enable its `postgres` feature (`twain = { features = [\"postgres\"] }`)",
            )),
        }
    }
}
