//! [`Conn`]: a pooled connection in sync code, and the queries every user
//! needs on it (`execute`, `query_one`, `get`, `all`, `iter`). It is not
//! `Send`: it stays on the sync thread that checked it out, so async code can
//! never hold one. How a sync thread finds the connection its request already
//! holds is `thread_conn.rs`.

use std::marker::PhantomData;
use std::ops::Deref;
use std::rc::Rc;

use rusqlite::{Connection, Params};

use super::error::DbError;
use super::pool::{Db, Pooled};
use super::rows::{FromRow, RowIter};
use super::thread_conn;
use super::tx::Tx;

/// A database connection for sync code: a sync view's or sync middleware's
/// argument (`conn: Conn`), or the `conn` inside `db.run(|conn| ..)`.
///
/// It derefs to [`rusqlite::Connection`], so all of rusqlite is there
/// (`prepare`, `query_row`, …); the methods below add row mapping with
/// [`FromRow`] and errors as [`DbError`].
///
/// The parts of one request on one sync thread share one connection: a sync
/// middleware and the view it calls get the same `Conn` (so a write by one is
/// seen by the other, and the two never wait on each other's lock). It goes
/// back to the pool when the last of them is done.
///
/// `Conn` is neither `Send` nor `Sync`: it cannot be moved into a spawned
/// future, sent to another thread, or returned out of `db.run`. In async code,
/// take `db: Db` and call `db.run(|conn| ..).await`.
///
/// ```
/// use twain::db::{Conn, DbError, FromRow};
/// use twain::prelude::*;
///
/// #[derive(FromRow)]
/// struct Article {
///     id: i64,
///     title: String,
/// }
///
/// #[view]
/// fn article(conn: Conn, id: i64) -> Result<String, DbError> {
///     let a: Article = conn.query_one("SELECT id, title FROM articles WHERE id = ?1", (id,))?;
///     Ok(format!("{}: {}", a.id, a.title))
/// }
/// ```
pub struct Conn {
    inner: Rc<Held>,
}

/// A checked-out connection and the pool it came from.
pub(crate) struct Held {
    pub(crate) conn: Pooled,
    pub(crate) db: Db,
    _not_send: PhantomData<*const ()>,
}

impl Conn {
    /// The connection this thread's request holds for `db`, or a new one from
    /// the pool (waiting at most `Database::checkout_wait`). Sync threads only.
    pub(crate) fn here(db: &Db) -> Result<Conn, DbError> {
        if let Some(inner) = thread_conn::find(db) {
            return Ok(Conn { inner });
        }
        let inner = Rc::new(Held {
            conn: db.checkout()?,
            db: db.clone(),
            _not_send: PhantomData,
        });
        thread_conn::register(&inner)?;
        Ok(Conn { inner })
    }

    /// The pool this connection came from.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// Runs a statement that returns no rows (`INSERT`, `UPDATE`, `DELETE`,
    /// DDL), returning how many rows it changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize, DbError> {
        Ok(self.prepare_cached(sql)?.execute(params)?)
    }

    /// The one row a query returns, mapped to `T`; no row is
    /// [`DbError::is_no_row`] (answering 404).
    pub fn query_one<T: FromRow>(&self, sql: &str, params: impl Params) -> Result<T, DbError> {
        let mut stmt = self.prepare_cached(sql)?;
        Ok(stmt.query_row(params, T::from_row)?)
    }

    /// The first row a query returns, if any, mapped to `T`.
    pub fn get<T: FromRow>(&self, sql: &str, params: impl Params) -> Result<Option<T>, DbError> {
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        match rows.next()? {
            Some(row) => Ok(Some(T::from_row(row)?)),
            None => Ok(None),
        }
    }

    /// Every row a query returns, mapped to `T`, in a `Vec`.
    pub fn all<T: FromRow>(&self, sql: &str, params: impl Params) -> Result<Vec<T>, DbError> {
        self.iter(sql, params)?.collect()
    }

    /// The rows of a query as an iterator, read from SQLite one at a time as
    /// you pull them: the sync twin of [`Db::stream`](super::Db::stream), with
    /// the same row types.
    ///
    /// ```
    /// # use twain::db::{Conn, DbError, FromRow};
    /// # #[derive(FromRow)] struct Article { id: i64, title: String }
    /// fn titles(conn: &Conn) -> Result<Vec<String>, DbError> {
    ///     let mut out = Vec::new();
    ///     for article in conn.iter::<Article>("SELECT id, title FROM articles", ())? {
    ///         out.push(article?.title);
    ///     }
    ///     Ok(out)
    /// }
    /// ```
    pub fn iter<T: FromRow>(
        &self,
        sql: &str,
        params: impl Params,
    ) -> Result<RowIter<'_, T>, DbError> {
        RowIter::new(self.prepare_cached(sql)?, params)
    }

    /// Runs `f` in a transaction: committed when `f` returns `Ok`, rolled back
    /// when it returns `Err` or panics. Inside another transaction (an atomic
    /// request, an outer `atomic`), it is a savepoint of it. A new
    /// transaction starts with `BEGIN IMMEDIATE`, taking the write lock at
    /// once, so two writers wait for each other (`busy_timeout`) instead of
    /// failing midway.
    pub fn atomic<T, E: From<DbError>>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = Tx::begin(self)?;
        let out = f(&tx);
        match &out {
            Ok(_) => tx.commit()?,
            Err(_) => tx.rollback()?,
        }
        out
    }
}

impl Deref for Conn {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.inner.conn
    }
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conn")
            .field("in_transaction", &!self.is_autocommit())
            .finish()
    }
}
