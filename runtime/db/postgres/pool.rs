//! The PostgreSQL pools of one [`Db`]: r2d2 over r2d2_postgres for sync
//! code's `Conn` (the `postgres` crate's blocking client, on sync threads
//! only), deadpool-postgres over tokio-postgres for `db.stream` (on the
//! async workers), and the shared clients of the async single statements
//! (`shared.rs`). [`open`] checks the server with one connection of its
//! own, runs the migrations on it, then builds both pools.
//!
//! The blocking client runs a small tokio runtime of its own, which must
//! neither start nor be dropped inside another runtime: the first connection
//! and the migrations run on a thread of their own, r2d2 connects on its own
//! threads, and the sync pool is closed on a thread of its own.

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Duration;

use r2d2_postgres::PostgresConnectionManager;

use super::tls::Connector;

use crate::db::error::DbError;
use crate::db::health::{Health, MarkDown};
use crate::db::pool::{Db, PoolSettings, Pools, RECONNECT_CAP, Shared};

/// Statements kept prepared per connection; past this the cache starts over.
const STATEMENTS: usize = 256;

/// A blocking client and the statements it has prepared.
pub(crate) struct PgClient {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

impl PgClient {
    pub(crate) fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }

    /// `sql` prepared on this connection, once.
    pub(crate) fn prepare(&mut self, sql: &str) -> Result<postgres::Statement, DbError> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(sql)?;
        if self.statements.len() >= STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

/// r2d2_postgres's manager, with a statement cache on each connection.
pub(crate) struct PgManager(PostgresConnectionManager<Connector>);

impl r2d2::ManageConnection for PgManager {
    type Connection = PgClient;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgClient, postgres::Error> {
        Ok(PgClient {
            client: self.0.connect()?,
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut PgClient) -> Result<(), postgres::Error> {
        self.0.is_valid(&mut conn.client)
    }

    fn has_broken(&self, conn: &mut PgClient) -> bool {
        self.0.has_broken(&mut conn.client)
    }
}

/// A pooled blocking client. Given back to the pool (or, broken, closed)
/// outside any tokio runtime the thread is inside, where closing its own
/// runtime would panic.
pub(crate) struct PooledPg(Option<r2d2::PooledConnection<PgManager>>);

impl std::ops::Deref for PooledPg {
    type Target = PgClient;
    fn deref(&self) -> &PgClient {
        self.0.as_ref().expect("taken only on drop")
    }
}

impl std::ops::DerefMut for PooledPg {
    fn deref_mut(&mut self) -> &mut PgClient {
        self.0.as_mut().expect("taken only on drop")
    }
}

impl Drop for PooledPg {
    fn drop(&mut self) {
        let conn = self.0.take();
        outside_runtime(move || drop(conn));
    }
}

/// Runs `f`, a call of the blocking client, outside any tokio runtime this
/// thread is inside: a sync part driving an async part with
/// `Handle::block_on` (and `db.run` run in place there), where the client's
/// own runtime could not start. Elsewhere it just calls `f`.
pub(crate) fn outside_runtime<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// The sync and the async pool of one PostgreSQL database, and the shared
/// clients of its async single statements.
pub(crate) struct PgPools {
    sync: Option<r2d2::Pool<PgManager>>,
    pub(crate) pool: deadpool_postgres::Pool,
    pub(crate) shared: Box<super::shared::SharedClients>,
    /// How to open a connection outside the pools (`listen.rs`).
    pub(crate) direct: Box<(tokio_postgres::Config, Connector)>,
}

impl PgPools {
    pub(crate) fn checkout(&self, wait: Duration) -> Result<PooledPg, r2d2::Error> {
        let pool = self
            .sync
            .as_ref()
            .expect("the sync pool lives as long as Db");
        Ok(PooledPg(Some(pool.get_timeout(wait)?)))
    }

    pub(crate) fn in_use(&self) -> u32 {
        let sync = self.sync.as_ref().map_or(0, |pool| {
            let state = pool.state();
            state.connections - state.idle_connections
        });
        let status = self.pool.status();
        sync + (status.size - status.available) as u32
    }
}

impl Drop for PgPools {
    fn drop(&mut self) {
        // Closing a blocking client drops its runtime, which panics inside
        // an async context (an app dropped in a `#[tokio::test]`).
        if let Some(pool) = self.sync.take() {
            let _ = std::thread::Builder::new()
                .name("twain-pg-close".into())
                .spawn(move || drop(pool));
        }
    }
}

/// A driver error with its cause (`error connecting to server: Connection
/// refused`), for messages.
pub(crate) fn with_cause(err: &postgres::Error) -> String {
    match std::error::Error::source(err) {
        Some(cause) => format!("{err}: {cause}"),
        None => err.to_string(),
    }
}

/// The URL with its password hidden, for messages.
pub(crate) fn redact(url: &str) -> Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Cow::Borrowed(url);
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return Cow::Borrowed(url);
    };
    match auth.split_once(':') {
        Some((user, _)) => Cow::Owned(format!("{scheme}://{user}:***@{host}")),
        None => Cow::Borrowed(url),
    }
}

/// Connects to the PostgreSQL database at `url`, runs `migrations` if given
/// (one process at a time) and builds both pools. Blocking.
#[cfg_attr(not(feature = "postgres-tls"), allow(clippy::clone_on_copy))]
pub(crate) fn open(
    url: &str,
    migrations: Option<&[Cow<'static, str>]>,
    settings: PoolSettings,
) -> Result<Db, DbError> {
    let shown = redact(url).into_owned();
    let bad_url = |err: postgres::Error| DbError::open(format!("{shown}: {}", with_cause(&err)));
    let (url, tls) =
        super::tls::split(url).map_err(|err| DbError::open(format!("{shown}: {err}")))?;
    let connector = super::tls::connector(&tls)?;
    let mut sync_config: postgres::Config = url.parse().map_err(bad_url)?;
    let mut async_config: tokio_postgres::Config = url.parse().map_err(bad_url)?;
    sync_config.ssl_mode(tls.ssl_mode());
    async_config.ssl_mode(tls.ssl_mode());
    let connect_timeout = settings.checkout_wait.max(Duration::from_secs(1));
    if sync_config.get_connect_timeout().is_none() {
        sync_config.connect_timeout(connect_timeout);
        async_config.connect_timeout(connect_timeout);
    }
    if sync_config.get_application_name().is_none() {
        sync_config.application_name("twain");
        async_config.application_name("twain");
    }

    // One connection first, on a thread of its own: a clear error when the
    // server is not there, and the migrations before any request.
    let first = sync_config.clone();
    let list = migrations.map(<[_]>::to_vec);
    let shown_first = shown.clone();
    let first_tls = connector.clone();
    let migrated = std::thread::spawn(move || -> Result<usize, DbError> {
        let mut client = first.connect(first_tls).map_err(|err| {
            let why = super::tls::explain(with_cause(&err));
            DbError::open(format!("{shown_first}: {why}"))
        })?;
        match list {
            Some(list) => super::migrate::run(&mut client, &list),
            None => Ok(0),
        }
    })
    .join()
    .map_err(|_| DbError::open("the migration thread panicked"))??;
    if migrated > 0 {
        tracing::info!(migrated, "PostgreSQL migrations applied");
    }

    let probe = PostgresConnectionManager::new(sync_config.clone(), connector.clone());
    let health = Health::new(
        shown.clone(),
        Box::new(move || {
            r2d2::ManageConnection::connect(&probe)
                .map(drop)
                .map_err(|err| with_cause(&err))
        }),
    );
    let sync = r2d2::Pool::builder()
        .max_size(settings.size)
        .min_idle(Some(settings.size.min(2)))
        .connection_timeout(RECONNECT_CAP)
        .error_handler(MarkDown::new(&health, |err: &postgres::Error| {
            err.code() == Some(&postgres::error::SqlState::TOO_MANY_CONNECTIONS)
        }))
        .test_on_check_out(false)
        // Not `build`: it would wait for `min_idle` connections within
        // `checkout_wait` (a request's wait, short); the server answered the
        // first connection above, and r2d2 opens the others in the background.
        .build_unchecked(PgManager(PostgresConnectionManager::new(
            sync_config,
            connector.clone(),
        )));
    let shared = Box::new(super::shared::SharedClients::new(
        async_config.clone(),
        connector.clone(),
        std::thread::available_parallelism().map_or(1, usize::from),
    ));
    let direct = Box::new((async_config.clone(), connector.clone()));
    let manager = deadpool_postgres::Manager::from_config(
        async_config,
        connector,
        deadpool_postgres::ManagerConfig {
            recycling_method: deadpool_postgres::RecyclingMethod::Fast,
        },
    );
    let pool = deadpool_postgres::Pool::builder(manager)
        .max_size(settings.size as usize)
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .wait_timeout(Some(settings.checkout_wait))
        .create_timeout(Some(connect_timeout))
        .build()
        .map_err(|err| DbError::open(format!("{shown}: {err}")))?;
    tracing::debug!(url = %shown, size = settings.size, "PostgreSQL pools ready");
    Ok(Db {
        shared: Shared::new(
            Pools::Postgres(PgPools {
                sync: Some(sync),
                pool,
                shared,
                direct,
            }),
            settings,
            health,
        ),
    })
}
