//! The async queries on [`Db`]: `db.query_one`, `db.get`, `db.all` and
//! `db.execute`, the same calls on both backends. On PostgreSQL they run on
//! the async worker (no thread switch) on a shared, pipelined client
//! (`postgres/shared.rs`); on SQLite, whose
//! driver blocks, through one switch to a sync thread (`Db::run`). Called
//! from a request's sync part that holds a connection (an async part inside
//! a sync middleware), they use that connection in place, so an atomic
//! request's transaction covers them.

use std::future::Future;

use super::error::DbError;
use super::pool::Db;
use super::rows::FromRow;
use super::value::{Params, Value};

impl Db {
    /// Runs a statement that returns no rows, returning how many rows it
    /// changed.
    ///
    /// ```
    /// use twain::db::{Db, DbError};
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// async fn like(db: Db, id: i64) -> Result<StatusCode, DbError> {
    ///     db.execute("UPDATE articles SET likes = likes + 1 WHERE id = ?1", (id,)).await?;
    ///     Ok(StatusCode::NO_CONTENT)
    /// }
    /// ```
    pub fn execute(
        &self,
        sql: impl Into<String>,
        params: impl Params,
    ) -> impl Future<Output = Result<usize, DbError>> + Send + 'static {
        let (db, sql, params) = (self.clone(), sql.into(), params.into_values());
        async move {
            #[cfg(feature = "postgres")]
            if let Some(pg) = db.async_pg() {
                db.up()?;
                return super::postgres::execute_async(&pg.shared, &sql, params)
                    .await
                    .map(to_usize);
            }
            db.run(move |conn| conn.execute_values(&sql, params))
                .await
                .map(to_usize)
        }
    }

    /// The one row a query returns, mapped to `T`; no row is
    /// [`DbError::is_no_row`] (a 404).
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
    ///     let a: Article = db.query_one("SELECT id, title FROM articles WHERE id = ?1", (id,)).await?;
    ///     Ok(format!("{}: {}", a.id, a.title))
    /// }
    /// ```
    pub fn query_one<T: FromRow + Send + 'static>(
        &self,
        sql: impl Into<String>,
        params: impl Params,
    ) -> impl Future<Output = Result<T, DbError>> + Send + 'static {
        let first = self.first::<T>(sql.into(), params.into_values());
        async move { first.await?.ok_or_else(DbError::no_row) }
    }

    /// The first row a query returns, if any, mapped to `T`.
    pub fn get<T: FromRow + Send + 'static>(
        &self,
        sql: impl Into<String>,
        params: impl Params,
    ) -> impl Future<Output = Result<Option<T>, DbError>> + Send + 'static {
        self.first::<T>(sql.into(), params.into_values())
    }

    /// Every row a query returns, mapped to `T`, in a `Vec` (for many rows,
    /// [`Db::stream`] keeps memory bounded).
    pub fn all<T: FromRow + Send + 'static>(
        &self,
        sql: impl Into<String>,
        params: impl Params,
    ) -> impl Future<Output = Result<Vec<T>, DbError>> + Send + 'static {
        let (db, sql, params) = (self.clone(), sql.into(), params.into_values());
        async move {
            #[cfg(feature = "postgres")]
            if let Some(pg) = db.async_pg() {
                db.up()?;
                return super::postgres::all_async(&pg.shared, &sql, params).await;
            }
            db.run(move |conn| conn.iter::<T>(&sql, params)?.collect())
                .await
        }
    }

    fn first<T: FromRow + Send + 'static>(
        &self,
        sql: String,
        params: Vec<Value>,
    ) -> impl Future<Output = Result<Option<T>, DbError>> + Send + 'static {
        let db = self.clone();
        async move {
            #[cfg(feature = "postgres")]
            if let Some(pg) = db.async_pg() {
                db.up()?;
                return super::postgres::first_async(&pg.shared, &sql, params).await;
            }
            db.run(move |conn| conn.first_values::<T>(&sql, params))
                .await
        }
    }

    /// The PostgreSQL pools, when this is PostgreSQL and this thread's
    /// request holds no connection of its own (whose transaction the query
    /// must join).
    #[cfg(feature = "postgres")]
    fn async_pg(&self) -> Option<&super::postgres::PgPools> {
        match &self.shared.pools {
            super::pool::Pools::Postgres(pools) if !super::thread_conn::engaged(self) => {
                Some(pools)
            }
            _ => None,
        }
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}
