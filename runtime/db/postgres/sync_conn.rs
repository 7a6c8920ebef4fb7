//! A sync `Conn`'s statements on PostgreSQL: the `postgres` crate's blocking
//! client, each statement rewritten to `$N` placeholders and prepared once
//! per connection, and the cursor `conn.iter` reads rows from as they are
//! pulled. The client sits in a `RefCell` (its calls take `&mut`), so a query
//! while a `conn.iter` on the same connection still reads is an error, not a
//! panic.
//!
//! Inside a transaction, a statement that is not a `SELECT` runs under a
//! savepoint of its own: when it fails (a constraint), only it is undone and
//! the transaction goes on, as on SQLite — PostgreSQL would otherwise abort
//! the whole transaction, so an atomic request answering 409 after a failed
//! `INSERT` would lose its other writes on one backend and keep them on the
//! other.
//!
//! Every call of the blocking client runs outside any tokio runtime the
//! thread is inside (`outside_runtime`): its own small runtime cannot start
//! inside another, as it would in `db.run` run in place inside an async part
//! a sync middleware drives.

use std::cell::{RefCell, RefMut};

use ouroboros::self_referencing;
use postgres::fallible_iterator::FallibleIterator;

use super::pool::{PooledPg, outside_runtime};
use crate::db::error::DbError;
use crate::db::placeholders::{Dialect, rewrite};
use crate::db::row::Row;
use crate::db::rows::FromRow;
use crate::db::value::Value;

fn borrow(conn: &RefCell<PooledPg>) -> Result<RefMut<'_, PooledPg>, DbError> {
    conn.try_borrow_mut().map_err(|_| {
        DbError::misuse(
            "this PostgreSQL connection is still reading the rows of a `conn.iter`: collect them first (`conn.all`), or drop the iterator",
        )
    })
}

/// Whether `sql` only reads (a `SELECT`), so needs no statement savepoint.
fn reads_only(sql: &str) -> bool {
    let sql = sql.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
    sql.get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("select"))
}

/// Runs `run`; inside a transaction and for a statement that writes, under a
/// savepoint that is rolled back if it fails.
fn guarded<T>(
    conn: &mut PooledPg,
    in_tx: bool,
    sql: &str,
    run: impl FnOnce(&mut PooledPg) -> Result<T, DbError>,
) -> Result<T, DbError> {
    if !in_tx || reads_only(sql) {
        return run(conn);
    }
    conn.client().batch_execute("SAVEPOINT twain_statement")?;
    match run(conn) {
        Ok(out) => {
            conn.client()
                .batch_execute("RELEASE SAVEPOINT twain_statement")?;
            Ok(out)
        }
        Err(err) => {
            let undo = conn.client().batch_execute(
                "ROLLBACK TO SAVEPOINT twain_statement; RELEASE SAVEPOINT twain_statement",
            );
            if let Err(undo) = undo {
                tracing::error!(error = %undo, "undoing a failed statement failed");
            }
            Err(err)
        }
    }
}

/// Runs statements without parameters (`batch_execute`).
pub(crate) fn batch(conn: &RefCell<PooledPg>, sql: &str) -> Result<(), DbError> {
    let mut conn = borrow(conn)?;
    outside_runtime(|| Ok(conn.client().batch_execute(sql)?))
}

/// Runs a statement, returning how many rows it changed.
pub(crate) fn execute(
    conn: &RefCell<PooledPg>,
    in_tx: bool,
    sql: &str,
    params: Vec<Value>,
) -> Result<u64, DbError> {
    let mut conn = borrow(conn)?;
    outside_runtime(|| {
        guarded(&mut conn, in_tx, sql, |conn| {
            let stmt = conn.prepare(&rewrite(sql, Dialect::Postgres))?;
            Ok(conn.client().execute(&stmt, &refs(&params))?)
        })
    })
}

/// The first row of a query, mapped to `T`.
pub(crate) fn first<T: FromRow>(
    conn: &RefCell<PooledPg>,
    in_tx: bool,
    sql: &str,
    params: Vec<Value>,
) -> Result<Option<T>, DbError> {
    let mut conn = borrow(conn)?;
    outside_runtime(|| {
        guarded(&mut conn, in_tx, sql, |conn| {
            let stmt = conn.prepare(&rewrite(sql, Dialect::Postgres))?;
            if reads_only(sql) {
                // Read as it comes: only the first row is waited for.
                let mut rows = conn.client().query_raw(&stmt, params.iter())?;
                return match rows.next()? {
                    Some(row) => Ok(Some(T::from_row(&Row::postgres(&row))?)),
                    None => Ok(None),
                };
            }
            // A write (`INSERT … RETURNING`): read to its end, so that its
            // error, if any, comes before the savepoint is released.
            let rows = conn.client().query(&stmt, &refs(&params))?;
            match rows.first() {
                Some(row) => Ok(Some(T::from_row(&Row::postgres(row))?)),
                None => Ok(None),
            }
        })
    })
}

fn refs(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// A borrowed client and the rows of its running query, kept together.
#[self_referencing]
pub(crate) struct Cursor<'c> {
    conn: RefMut<'c, PooledPg>,
    #[borrows(mut conn)]
    #[covariant]
    rows: postgres::RowIter<'this>,
}

impl<'c> Cursor<'c> {
    pub(crate) fn start(
        conn: &'c RefCell<PooledPg>,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<Self, DbError> {
        let mut conn = borrow(conn)?;
        outside_runtime(move || {
            let stmt = conn.prepare(&rewrite(sql, Dialect::Postgres))?;
            CursorTryBuilder {
                conn,
                rows_builder: |conn: &mut RefMut<'c, PooledPg>| {
                    conn.client()
                        .query_raw(&stmt, params.iter())
                        .map_err(DbError::from)
                },
            }
            .try_build()
        })
    }

    /// The next row, mapped to `T`.
    pub(crate) fn next_row<T: FromRow>(&mut self) -> Option<Result<T, DbError>> {
        outside_runtime(|| {
            self.with_rows_mut(|rows| match rows.next() {
                Ok(Some(row)) => Some(T::from_row(&Row::postgres(&row))),
                Ok(None) => None,
                Err(err) => Some(Err(err.into())),
            })
        })
    }
}
