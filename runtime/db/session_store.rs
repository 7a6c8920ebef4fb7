//! [`DbSessionStore`]: sessions kept in the app's database (SQLite or
//! PostgreSQL) in the table `twain_sessions`, so any process of the app reads
//! a session another one wrote. The store creates its table on first use;
//! each save is one upsert (concurrent saves of one session never fail, the
//! last one wins); expired rows are never loaded and are swept now and then.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value as Json;
use tokio::sync::OnceCell;

use crate::web::{SessionRecord, SessionStore, StoreFuture};

use super::error::DbError;
use super::pool::{Backend, Db};
use super::value::Value;

/// Every this many saves, expired sessions are deleted.
const SWEEP_EVERY: u64 = 64;

const SQLITE_DDL: &str = "CREATE TABLE IF NOT EXISTS twain_sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS twain_sessions_expires ON twain_sessions (expires_at);";

const POSTGRES_DDL: &str = "CREATE TABLE IF NOT EXISTS twain_sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS twain_sessions_expires ON twain_sessions (expires_at);";

const LOAD: &str = "SELECT data, expires_at FROM twain_sessions WHERE id = ?1 AND expires_at > ?2";
const SAVE: &str = "INSERT INTO twain_sessions (id, data, expires_at) VALUES (?1, ?2, ?3)
    ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at";
const DELETE: &str = "DELETE FROM twain_sessions WHERE id = ?1";
const SWEEP: &str = "DELETE FROM twain_sessions WHERE expires_at <= ?1";

/// Sessions in the app's database: a [`SessionStore`] for
/// `SessionConfig::new`. The cookie carries a random session id (122 random
/// bits); the data stays on the server, readable by every process of the app.
///
/// ```no_run
/// use twain::db::{Database, DbSessionStore};
/// use twain::prelude::*;
/// use twain::web::SessionConfig;
///
/// let db = Database::from_env_or("sqlite://app.db").open()?;
/// let app = App::new()
///     .state(db.clone()) // the app's database, opened already
///     .state(SessionConfig::new(DbSessionStore::new(db)));
/// # let _ = app;
/// # Ok::<(), twain::db::DbError>(())
/// ```
///
/// The table, created on first use (or ahead, with this DDL in a migration):
///
/// ```sql
/// CREATE TABLE twain_sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL,
///                              expires_at BIGINT NOT NULL);  -- unix seconds
/// ```
///
/// On PostgreSQL its queries run on the async workers; on SQLite on a sync
/// thread, as twain's own work (not the request's thread switch).
pub struct DbSessionStore {
    db: Db,
    table: OnceCell<()>,
    saves: AtomicU64,
}

impl DbSessionStore {
    /// Sessions kept in `db`.
    pub fn new(db: Db) -> Self {
        DbSessionStore {
            db,
            table: OnceCell::new(),
            saves: AtomicU64::new(0),
        }
    }

    async fn ready(&self) -> Result<(), DbError> {
        self.table
            .get_or_try_init(|| async {
                let backend = self.db.backend();
                self.db
                    .run_helper(move |conn| {
                        conn.atomic(|tx| match backend {
                            // Several processes may start at once: one creates.
                            Backend::Postgres => {
                                tx.execute(
                                    "SELECT pg_advisory_xact_lock(?1)",
                                    (0x7477_7365_7373_i64,),
                                )?;
                                tx.execute_batch(POSTGRES_DDL)
                            }
                            _ => tx.execute_batch(SQLITE_DDL),
                        })
                    })
                    .await
            })
            .await
            .map(|_| ())
    }

    async fn first(
        &self,
        sql: &'static str,
        params: Vec<Value>,
    ) -> Result<Option<(String, i64)>, DbError> {
        if self.db.backend() == Backend::Postgres {
            return self.db.get::<(String, i64)>(sql, params).await;
        }
        self.db
            .run_helper(move |conn| conn.first_values::<(String, i64)>(sql, params))
            .await
    }

    async fn execute(&self, sql: &'static str, params: Vec<Value>) -> Result<(), DbError> {
        if self.db.backend() == Backend::Postgres {
            return self.db.execute(sql, params).await.map(drop);
        }
        self.db
            .run_helper(move |conn| conn.execute_values(sql, params).map(drop))
            .await
    }
}

fn unix(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl SessionStore for DbSessionStore {
    fn load<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(async move {
            self.ready().await?;
            let now = unix(SystemTime::now());
            let row = self
                .first(LOAD, vec![Value::Text(cookie.to_owned()), Value::Int(now)])
                .await?;
            let Some((data, expires_at)) = row else {
                return Ok(None);
            };
            // A row that is not a JSON object was not written by this store:
            // no session, rather than an error on every request.
            let Ok(Json::Object(data)) = serde_json::from_str::<Json>(&data) else {
                tracing::warn!("a session row holds no JSON object; starting a new session");
                return Ok(None);
            };
            Ok(Some(SessionRecord {
                data,
                expires_at: UNIX_EPOCH + Duration::from_secs(expires_at.max(0) as u64),
            }))
        })
    }

    fn save<'a>(
        &'a self,
        cookie: Option<&'a str>,
        record: SessionRecord,
    ) -> StoreFuture<'a, String> {
        Box::pin(async move {
            self.ready().await?;
            let id = match cookie {
                Some(id) => id.to_owned(),
                None => uuid::Uuid::new_v4().simple().to_string(),
            };
            let data = Json::Object(record.data).to_string();
            let expires = unix(record.expires_at);
            self.execute(
                SAVE,
                vec![
                    Value::Text(id.clone()),
                    Value::Text(data),
                    Value::Int(expires),
                ],
            )
            .await?;
            if self.saves.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
                let now = unix(SystemTime::now());
                if let Err(err) = self.execute(SWEEP, vec![Value::Int(now)]).await {
                    tracing::warn!(error = %err, "sweeping expired sessions failed");
                }
            }
            Ok(id)
        })
    }

    fn delete<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.ready().await?;
            Ok(self
                .execute(DELETE, vec![Value::Text(cookie.to_owned())])
                .await?)
        })
    }
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbSessionStore")
            .field("db", &self.db)
            .finish()
    }
}
