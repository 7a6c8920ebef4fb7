//! [`DbError`]: what a database call can fail with, as values — no connection
//! free in time or a database that does not answer (503 with `Retry-After`), no row where one was asked for
//! (404), a constraint the statement broke (409 for a duplicate, 422 for a
//! missing reference, a `NULL` or a failed `CHECK`; the caller may choose
//! with [`DbError::on_constraint`]), a transaction the database gave up on
//! (a deadlock or serialization failure: 503, retry), any other SQLite or
//! PostgreSQL error (500, its cause logged), a migration that failed at
//! start-up — and the responses they answer with.

use std::fmt;
use std::time::Duration;

use http::StatusCode;
use http::header::{HeaderValue, RETRY_AFTER};
use rusqlite::ErrorCode;

use crate::core::{Error, IntoResponse, Response};

/// An error of the data layer.
///
/// It converts into twain's [`Error`] (so `?` works in a view returning
/// `Result<_, Error>`) and is a response itself:
///
/// | what happened | response |
/// |---|---|
/// | no pooled connection free within `Database::checkout_wait` | 503 with `Retry-After` |
/// | the database does not answer (a connect failed; a probe is reconnecting) | 503 with `Retry-After`, at once |
/// | a sync thread for `db.run` was not free within `App::sync_wait` | 503 with `Retry-After` |
/// | SQLite's lock stayed taken past `Database::busy_timeout` | 503 with `Retry-After` |
/// | PostgreSQL gave up on the transaction (deadlock, serialization failure), or its connection dropped | 503 with `Retry-After` |
/// | `query_one` found no row | 404 |
/// | a `UNIQUE` or primary key constraint | 409, "Conflict: …" |
/// | a foreign key, `NOT NULL` or `CHECK` constraint | 422, "Unprocessable Entity: …" |
/// | a column that does not fit its Rust type, any other database error | 500, the cause logged, not sent |
///
/// A constraint violation answers 409 or 422 with a generic message (the
/// database's own text, which names tables and columns, is only logged); say
/// what the client did wrong yourself with [`DbError::on_constraint`]:
///
/// ```
/// use twain::db::{Conn, DbError};
/// use twain::prelude::*;
///
/// #[view]
/// fn sign_up(conn: Conn, Form(email): Form<String>) -> Result<StatusCode, Error> {
///     conn.execute("INSERT INTO users (email) VALUES (?1)", (email,))
///         .map_err(|err| err.on_constraint(StatusCode::CONFLICT, "that email is taken"))?;
///     Ok(StatusCode::CREATED)
/// }
/// ```
pub struct DbError {
    kind: Kind,
}

enum Kind {
    /// No pooled connection within the pool's wait.
    PoolBusy { wait: Duration },
    /// The database does not answer: the last connect failed and the probe
    /// has not reconnected yet (`health.rs`).
    Down,
    /// The sync job running the query could not (no sync thread within
    /// `App::sync_wait`: a 503) or did not finish (a 500).
    Job(Error),
    /// A query that must return a row returned none.
    NoRow,
    /// SQLite said no.
    Sql(rusqlite::Error),
    /// PostgreSQL said no (or its connection failed).
    #[cfg(feature = "postgres")]
    Pg(postgres::Error),
    /// A column did not fit the Rust type it was read into.
    Decode(String),
    /// The connection was used in a way it cannot serve.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Misuse(String),
    /// The pool could not open a connection (bad path, permissions).
    Open(String),
    /// A migration failed.
    Migration(String),
    /// The request has no database: `App::database` was not called.
    NotConfigured,
}

/// Which kind of constraint a statement broke, from SQLite's extended code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// `UNIQUE` (or a unique index).
    Unique,
    /// `PRIMARY KEY`.
    PrimaryKey,
    /// `FOREIGN KEY` (foreign keys are on for every connection).
    ForeignKey,
    /// `NOT NULL`.
    NotNull,
    /// `CHECK`.
    Check,
    /// Any other constraint (a trigger's `RAISE`, …).
    Other,
}

impl DbError {
    pub(crate) fn pool_busy(wait: Duration) -> Self {
        DbError {
            kind: Kind::PoolBusy { wait },
        }
    }

    pub(crate) fn down() -> Self {
        DbError { kind: Kind::Down }
    }

    pub(crate) fn job(error: Error) -> Self {
        DbError {
            kind: Kind::Job(error),
        }
    }

    pub(crate) fn open(why: impl fmt::Display) -> Self {
        DbError {
            kind: Kind::Open(why.to_string()),
        }
    }

    pub(crate) fn migration(why: impl fmt::Display) -> Self {
        DbError {
            kind: Kind::Migration(why.to_string()),
        }
    }

    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn misuse(why: impl fmt::Display) -> Self {
        DbError {
            kind: Kind::Misuse(why.to_string()),
        }
    }

    pub(crate) fn no_row() -> Self {
        DbError { kind: Kind::NoRow }
    }

    /// A column that cannot be read as the type asked for (what a
    /// [`FromColumn`](super::FromColumn) implementation returns): a 500.
    pub fn decode(why: impl fmt::Display) -> Self {
        DbError {
            kind: Kind::Decode(why.to_string()),
        }
    }

    /// Names the column a decoding error is about.
    pub(crate) fn in_column(self, column: &str) -> Self {
        match self.kind {
            Kind::Decode(why) if !why.starts_with("Invalid column") => DbError {
                kind: Kind::Decode(format!("{column}: {why}")),
            },
            kind => DbError { kind },
        }
    }

    pub(crate) fn not_configured() -> Self {
        DbError {
            kind: Kind::NotConfigured,
        }
    }

    /// Whether SQLite's lock stayed taken past `busy_timeout`
    /// (`SQLITE_BUSY` / `SQLITE_LOCKED`).
    fn is_locked(&self) -> bool {
        match &self.kind {
            Kind::Sql(err) => matches!(
                err.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            ),
            #[cfg(feature = "postgres")]
            Kind::Pg(err) => super::postgres::is_transient(err),
            _ => false,
        }
    }

    /// Whether trying the same transaction again may succeed: SQLite's lock
    /// stayed taken, or PostgreSQL ended the transaction for a deadlock or a
    /// serialization failure (`40P01`, `40001`), or lost its connection.
    pub fn is_retryable(&self) -> bool {
        self.is_locked()
    }

    /// Whether no connection (or no sync thread) was free in time, or the
    /// database stayed locked past `Database::busy_timeout`: a 503.
    pub fn is_busy(&self) -> bool {
        if self.is_locked() {
            return true;
        }
        match &self.kind {
            Kind::PoolBusy { .. } | Kind::Down => true,
            Kind::Job(error) => error.status() == StatusCode::SERVICE_UNAVAILABLE,
            _ => false,
        }
    }

    /// Whether a query that must return a row returned none: a 404.
    pub fn is_no_row(&self) -> bool {
        matches!(self.kind, Kind::NoRow)
    }

    /// The constraint the statement broke, if that is what failed.
    pub fn constraint(&self) -> Option<Constraint> {
        #[cfg(feature = "postgres")]
        if let Kind::Pg(err) = &self.kind {
            return super::postgres::constraint(err);
        }
        let Kind::Sql(err) = &self.kind else {
            return None;
        };
        let failure = err.sqlite_error()?;
        if failure.code != ErrorCode::ConstraintViolation {
            return None;
        }
        use rusqlite::ffi;
        Some(match failure.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE => Constraint::Unique,
            ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Constraint::PrimaryKey,
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Constraint::ForeignKey,
            ffi::SQLITE_CONSTRAINT_NOTNULL => Constraint::NotNull,
            ffi::SQLITE_CONSTRAINT_CHECK => Constraint::Check,
            _ => Constraint::Other,
        })
    }

    /// The PostgreSQL error underneath, if there is one.
    #[cfg(feature = "postgres")]
    pub fn postgres(&self) -> Option<&postgres::Error> {
        match &self.kind {
            Kind::Pg(err) => Some(err),
            _ => None,
        }
    }

    /// The SQLite error underneath, if there is one.
    pub fn sql(&self) -> Option<&rusqlite::Error> {
        match &self.kind {
            Kind::Sql(err) => Some(err),
            _ => None,
        }
    }

    /// A constraint violation becomes `status` with `message` (sent to the
    /// client for a 4xx); every other error stays what it was. The usual
    /// calls: `StatusCode::CONFLICT` for a duplicate,
    /// `StatusCode::UNPROCESSABLE_ENTITY` for a reference to a missing row.
    pub fn on_constraint(
        self,
        status: StatusCode,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Error {
        if self.constraint().is_some() {
            tracing::debug!(cause = %self, "constraint violation answered {status}");
            Error::new(status, message)
        } else {
            self.into()
        }
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(err: rusqlite::Error) -> Self {
        let kind = match err {
            rusqlite::Error::QueryReturnedNoRows => Kind::NoRow,
            other => Kind::Sql(other),
        };
        DbError { kind }
    }
}

#[cfg(feature = "postgres")]
impl From<postgres::Error> for DbError {
    fn from(err: postgres::Error) -> Self {
        DbError {
            kind: Kind::Pg(err),
        }
    }
}

impl DbError {
    /// The HTTP error this answers with (what `?` into [`Error`] gives:
    /// `Error`'s `From` for every `std::error::Error` sends a `DbError` here).
    pub(crate) fn into_http(self) -> Error {
        let err = self;
        if err.is_locked() {
            tracing::warn!(cause = %err, "the database is busy (a lock past busy_timeout, a deadlock, a serialization failure, a lost connection); answering 503");
            return Error::new(StatusCode::SERVICE_UNAVAILABLE, err.to_string())
                .header(RETRY_AFTER, HeaderValue::from(1u32))
                .with_reply("Service Unavailable: the database is busy, retry shortly");
        }
        match err.kind {
            Kind::PoolBusy { wait } => {
                tracing::warn!(
                    "no database connection free after {wait:?}; answering 503 (raise Database::pool_size?)"
                );
                Error::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("no database connection free after {wait:?}"),
                )
                .header(RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)))
            }
            // Logged once when the database went away (`health.rs`), not per request.
            Kind::Down => Error::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unreachable",
            )
            .header(RETRY_AFTER, HeaderValue::from(1u32))
            .with_reply("Service Unavailable: the database is unreachable, retry shortly"),
            Kind::Job(error) => error,
            Kind::NoRow => Error::not_found("Not Found: no such row"),
            _ if err.constraint().is_some() => {
                let constraint = err.constraint();
                tracing::debug!(cause = %err, ?constraint, "constraint violation");
                match constraint {
                    Some(Constraint::Unique | Constraint::PrimaryKey) => Error::new(
                        StatusCode::CONFLICT,
                        "Conflict: a row with that value exists already",
                    ),
                    _ => Error::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "Unprocessable Entity: the data breaks a rule of the database (a missing reference, a missing value or a failed check)",
                    ),
                }
            }
            other => Error::internal(DbError { kind: other }.to_string()),
        }
    }
}

impl IntoResponse for DbError {
    fn into_response(self) -> Response {
        self.into_http().into_response()
    }
}

/// A `DbError` is a `std::error::Error` whose source is the driver's error
/// (rusqlite's, PostgreSQL's), so `?` works into `Box<dyn Error>` and
/// `anyhow::Error`; `?` into twain's [`Error`] keeps its status.
impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            Kind::Sql(err) => Some(err),
            #[cfg(feature = "postgres")]
            Kind::Pg(err) => Some(err),
            Kind::Job(err) => err
                .source()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::PoolBusy { wait } => write!(f, "no database connection free after {wait:?}"),
            Kind::Down => f.write_str("the database is unreachable (a probe is reconnecting)"),
            Kind::Job(error) => write!(f, "{error}"),
            Kind::NoRow => f.write_str("the query returned no row"),
            Kind::Sql(err) => write!(f, "database error: {err}"),
            #[cfg(feature = "postgres")]
            Kind::Pg(err) => match err.as_db_error() {
                Some(db) => write!(f, "database error: {}: {}", db.code().code(), db.message()),
                None => write!(f, "database error: {err}"),
            },
            Kind::Decode(why) => write!(f, "cannot read the row: {why}"),
            Kind::Misuse(why) => f.write_str(why),
            Kind::Open(why) => write!(f, "cannot open the database: {why}"),
            Kind::Migration(why) => write!(f, "a migration failed: {why}"),
            Kind::NotConfigured => f.write_str(
                "no database is configured: call `App::database(Database::from_url(url))`",
            ),
        }
    }
}

impl fmt::Debug for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
