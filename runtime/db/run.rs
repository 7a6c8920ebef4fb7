//! The async API: [`Db::run`] and [`Db::atomic`], which run a closure with a
//! connection on a sync thread through the sync pool every sync job goes
//! through (`SyncPool::run`: the `App::sync_threads` bound, one switch), and
//! hand back its value or its error. The closure gets the connection as a
//! borrow whose lifetime ends with the call, and its result must be `Send`,
//! so the connection cannot leave.

use std::panic::resume_unwind;

use crate::exec::{Job, SyncFailure, SyncPool};

use super::conn::Conn;
use super::error::DbError;
use super::pool::Db;
use super::tx::Tx;

impl Db {
    /// Runs `f` with a connection on a sync thread and returns what it
    /// returns: the async way to every sync query.
    ///
    /// - **Where.** On a sync thread of the request's app (inside
    ///   `App::sync_threads`); from code already on one (an async part inside
    ///   a sync middleware), in place, sharing the request's connection.
    /// - **Errors.** `f` returns `Result<T, E>` for any `E: From<DbError>`
    ///   (`DbError` itself, twain's `Error`, your own): no free connection or
    ///   sync thread in time comes back as that `E` too (a 503 for
    ///   `DbError`/`Error`). A panic in `f` is resumed here.
    /// - **The connection stays inside.** `f` gets `&mut Conn`, borrowed for
    ///   the call; returning it, or anything borrowing it, does not compile.
    ///
    /// ```
    /// use twain::db::{Db, DbError, FromRow};
    /// use twain::prelude::*;
    ///
    /// #[derive(FromRow)]
    /// struct Article { id: i64, title: String }
    ///
    /// #[view]
    /// async fn article(db: Db, id: i64) -> Result<String, DbError> {
    ///     let a = db
    ///         .run(move |conn| conn.query_one::<Article>("SELECT id, title FROM articles WHERE id = ?1", (id,)))
    ///         .await?;
    ///     Ok(format!("{}: {}", a.id, a.title))
    /// }
    /// ```
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.run_as(Job::Switch, f).await
    }

    /// [`Db::run`] for work twain does for a request (a session store's
    /// query): bounded like the rest, not counted as the request's switch.
    #[cfg(feature = "sessions")]
    pub(crate) async fn run_helper<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.run_as(Job::Helper, f).await
    }

    async fn run_as<T, E, F>(&self, kind: Job, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        let job = move |_cx: crate::exec::Blocking<'_>| -> Result<T, E> {
            let mut conn = Conn::here(&db)?;
            f(&mut conn)
        };
        match SyncPool::current().run(kind, job).await {
            Ok(result) => result,
            Err(SyncFailure::Panicked(payload)) => resume_unwind(payload),
            Err(failure) => Err(DbError::job(failure.into_error("`db.run`")).into()),
        }
    }

    /// Runs `f` in a transaction on a sync thread: committed when it returns
    /// `Ok`, rolled back on `Err` or a panic (see [`Conn::atomic`]).
    ///
    /// ```
    /// use twain::db::{Db, DbError};
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// async fn transfer(db: Db) -> Result<&'static str, DbError> {
    ///     db.atomic(|tx| {
    ///         tx.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1", ())?;
    ///         tx.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2", ())?;
    ///         Ok("done")
    ///     })
    ///     .await
    /// }
    /// ```
    pub async fn atomic<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: for<'c> FnOnce(&Tx<'c>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.run(move |conn| conn.atomic(f)).await
    }
}
