//! [`Conn`]: a pooled connection in sync code, on SQLite or PostgreSQL, and
//! the queries every user needs on it (`execute`, `query_one`, `get`, `all`,
//! `iter`). It is not `Send`: it stays on the sync thread that checked it
//! out, so async code can never hold one. How a sync thread finds the
//! connection its request already holds is `thread_conn.rs`.

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;

use super::error::DbError;
use super::pool::{Backend, Db, Pooled};
use super::rows::{Cursor, FromRow, RowIter};
use super::sqlite;
use super::thread_conn;
use super::tx::Tx;
use super::value::{Params, Value};

/// A database connection for sync code: a sync view's or sync middleware's
/// argument (`conn: Conn`), or the `conn` inside `db.run(|conn| ..)`.
///
/// The same methods work on SQLite and PostgreSQL: placeholders may be
/// `?1`/`?` or `$1` on both, parameters are a tuple of [`ToParam`](super::ToParam)
/// values, rows map with [`FromRow`]. The driver itself is there for the
/// rest: [`Conn::sqlite`] (the `rusqlite::Connection`) and, with the
/// `postgres` feature, `Conn::postgres` (the `postgres::Client`).
///
/// The parts of one request on one sync thread share one connection: a sync
/// middleware and the view it calls get the same `Conn` (so a write by one is
/// seen by the other, and the two never wait on each other's lock). It goes
/// back to the pool when the last of them is done.
///
/// `Conn` is neither `Send` nor `Sync`: it cannot be moved into a spawned
/// future, sent to another thread, or returned out of `db.run`. In async code,
/// take `db: Db` and call `db.query_one(..).await` or `db.run(|conn| ..).await`.
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
    /// Whether a transaction is open (PostgreSQL's client does not say).
    in_tx: Cell<bool>,
    /// What runs when the open transaction commits (`Conn::on_commit`);
    /// dropped unrun when it rolls back.
    on_commit: RefCell<Vec<Box<dyn FnOnce()>>>,
    _not_send: PhantomData<*const ()>,
}

impl Held {
    /// Runs one or more statements with no parameters and no rows.
    pub(crate) fn batch(&self, sql: &str) -> Result<(), DbError> {
        match &self.conn {
            Pooled::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            #[cfg(feature = "postgres")]
            Pooled::Postgres(conn) => super::postgres::batch(conn, sql),
        }
    }

    /// Whether a transaction is open on the connection.
    pub(crate) fn in_transaction(&self) -> bool {
        match &self.conn {
            Pooled::Sqlite(conn) => !conn.is_autocommit(),
            #[cfg(feature = "postgres")]
            Pooled::Postgres(_) => self.in_tx.get(),
        }
    }

    /// Starts a transaction: `BEGIN IMMEDIATE` on SQLite (the write lock at
    /// once), `BEGIN` on PostgreSQL (READ COMMITTED, the server's default).
    pub(crate) fn begin(&self) -> Result<(), DbError> {
        let sql = match &self.conn {
            Pooled::Sqlite(_) => "BEGIN IMMEDIATE",
            #[cfg(feature = "postgres")]
            Pooled::Postgres(_) => "BEGIN",
        };
        self.batch(sql)?;
        self.in_tx.set(true);
        Ok(())
    }

    /// Ends the open transaction with `COMMIT` or `ROLLBACK`.
    /// Runs the `on_commit` hooks when it committed; drops them otherwise.
    pub(crate) fn end(&self, commit: bool) -> Result<(), DbError> {
        let result = self.batch(if commit { "COMMIT" } else { "ROLLBACK" });
        if result.is_err() && commit {
            let _ = self.batch("ROLLBACK");
        }
        self.in_tx.set(false);
        let hooks = self.on_commit.take();
        if commit && result.is_ok() {
            for hook in hooks {
                hook();
            }
        }
        result
    }

    /// How many `on_commit` hooks are waiting: a savepoint's mark.
    pub(crate) fn hooks_mark(&self) -> usize {
        self.on_commit.borrow().len()
    }

    /// Drops the hooks added since `mark` (a savepoint rolled back).
    pub(crate) fn drop_hooks_since(&self, mark: usize) {
        let dropped = {
            let mut hooks = self.on_commit.borrow_mut();
            let at = mark.min(hooks.len());
            hooks.split_off(at)
        };
        drop(dropped);
    }
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
            in_tx: Cell::new(false),
            on_commit: RefCell::new(Vec::new()),
            _not_send: PhantomData,
        });
        thread_conn::register(&inner)?;
        Ok(Conn { inner })
    }

    pub(crate) fn held(&self) -> &Held {
        &self.inner
    }

    /// The connection this thread's request already holds for `db`, if any
    /// (never checks one out).
    #[cfg_attr(not(feature = "channels"), allow(dead_code))]
    pub(crate) fn current(db: &Db) -> Option<Conn> {
        thread_conn::find(db).map(|inner| Conn { inner })
    }

    /// Runs `hook` when the open transaction commits, and never if it rolls
    /// back (a savepoint rolled back drops the hooks added inside it).
    /// Outside a transaction `hook` is given back, to run now.
    #[cfg_attr(not(feature = "channels"), allow(dead_code))]
    pub(crate) fn on_commit(&self, hook: Box<dyn FnOnce()>) -> Result<(), Box<dyn FnOnce()>> {
        if !self.inner.in_transaction() {
            return Err(hook);
        }
        self.inner.on_commit.borrow_mut().push(hook);
        Ok(())
    }

    /// The pool this connection came from.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// Which database this connection talks to.
    pub fn backend(&self) -> Backend {
        self.inner.db.backend()
    }

    /// The rusqlite connection underneath, on SQLite (`None` on PostgreSQL):
    /// all of rusqlite (`prepare`, `query_row`, `pragma_update`, …).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner.conn {
            Pooled::Sqlite(conn) => Some(conn),
            #[cfg(feature = "postgres")]
            Pooled::Postgres(_) => None,
        }
    }

    /// The `postgres::Client` underneath, on PostgreSQL (`None` on SQLite),
    /// borrowed until the guard is dropped; `None` too while a
    /// [`Conn::iter`] on this connection is still reading rows. The client
    /// runs a small runtime of its own for each call: use it in sync code,
    /// not inside an async part a sync middleware drives (twain's own methods
    /// step out of that runtime for you).
    #[cfg(feature = "postgres")]
    pub fn postgres(&self) -> Option<std::cell::RefMut<'_, postgres::Client>> {
        match &self.inner.conn {
            Pooled::Sqlite(_) => None,
            Pooled::Postgres(conn) => conn
                .try_borrow_mut()
                .ok()
                .map(|guard| std::cell::RefMut::map(guard, |c| c.client())),
        }
    }

    /// Runs a statement that returns no rows (`INSERT`, `UPDATE`, `DELETE`,
    /// DDL), returning how many rows it changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize, DbError> {
        self.execute_values(sql, params.into_values())
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(crate) fn execute_values(&self, sql: &str, params: Vec<Value>) -> Result<u64, DbError> {
        match &self.inner.conn {
            Pooled::Sqlite(conn) => sqlite::execute(conn, sql, params),
            #[cfg(feature = "postgres")]
            Pooled::Postgres(conn) => {
                super::postgres::execute(conn, self.inner.in_transaction(), sql, params)
            }
        }
    }

    /// Runs one or more `;`-separated statements without parameters (DDL,
    /// `PRAGMA`s): rusqlite's `execute_batch`, PostgreSQL's `batch_execute`.
    pub fn execute_batch(&self, sql: &str) -> Result<(), DbError> {
        self.inner.batch(sql)
    }

    /// Whether no transaction is open (SQLite's autocommit mode).
    pub fn is_autocommit(&self) -> bool {
        !self.inner.in_transaction()
    }

    /// The rowid of the last row inserted on this connection: SQLite's
    /// `last_insert_rowid()`, PostgreSQL's `lastval()` (0 when no sequence
    /// was used yet). Portable code says `INSERT … RETURNING id` and reads
    /// the id with `query_one`, which works on both.
    pub fn last_insert_rowid(&self) -> i64 {
        match &self.inner.conn {
            Pooled::Sqlite(conn) => conn.last_insert_rowid(),
            #[cfg(feature = "postgres")]
            Pooled::Postgres(_) => self
                .get::<(i64,)>("SELECT lastval()", ())
                .ok()
                .flatten()
                .map_or(0, |(id,)| id),
        }
    }

    /// The one row a query returns, mapped to `T`; no row is
    /// [`DbError::is_no_row`] (answering 404).
    pub fn query_one<T: FromRow>(&self, sql: &str, params: impl Params) -> Result<T, DbError> {
        self.first_values(sql, params.into_values())?
            .ok_or_else(DbError::no_row)
    }

    /// The first row a query returns, if any, mapped to `T`.
    pub fn get<T: FromRow>(&self, sql: &str, params: impl Params) -> Result<Option<T>, DbError> {
        self.first_values(sql, params.into_values())
    }

    pub(crate) fn first_values<T: FromRow>(
        &self,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<Option<T>, DbError> {
        match &self.inner.conn {
            Pooled::Sqlite(conn) => sqlite::first(conn, sql, params),
            #[cfg(feature = "postgres")]
            Pooled::Postgres(conn) => {
                super::postgres::first(conn, self.inner.in_transaction(), sql, params)
            }
        }
    }

    /// Every row a query returns, mapped to `T`, in a `Vec`.
    pub fn all<T: FromRow>(&self, sql: &str, params: impl Params) -> Result<Vec<T>, DbError> {
        self.iter(sql, params)?.collect()
    }

    /// The rows of a query as an iterator, read one at a time as you pull
    /// them: the sync twin of [`Db::stream`](super::Db::stream), with the
    /// same row types. On PostgreSQL the connection is busy until the
    /// iterator is dropped: another query on it meanwhile is an error (collect
    /// with [`Conn::all`] first).
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
        let params = params.into_values();
        let cursor = match &self.inner.conn {
            Pooled::Sqlite(conn) => Cursor::Sqlite(sqlite::Cursor::start(conn, sql, params)?),
            #[cfg(feature = "postgres")]
            Pooled::Postgres(conn) => {
                Cursor::Postgres(super::postgres::Cursor::start(conn, sql, params)?)
            }
        };
        Ok(RowIter::new(cursor))
    }

    /// Runs `f` in a transaction: committed when `f` returns `Ok`, rolled back
    /// when it returns `Err` or panics. Inside another transaction (an atomic
    /// request, an outer `atomic`), it is a savepoint of it. On SQLite a new
    /// transaction starts with `BEGIN IMMEDIATE`, taking the write lock at
    /// once, so two writers wait for each other (`busy_timeout`) instead of
    /// failing midway; on PostgreSQL with `BEGIN` (READ COMMITTED: lock the
    /// rows you read to change with `SELECT … FOR UPDATE`).
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

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conn")
            .field("backend", &self.backend())
            .field("in_transaction", &self.inner.in_transaction())
            .finish()
    }
}
