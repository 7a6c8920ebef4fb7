//! Rows into the user's types, the same way in sync and async code:
//! [`FromRow`] (derived with `#[derive(FromRow)]`, by column name; built in
//! for tuples, by position), [`Table`] for the types a lazy relation loads,
//! and [`RowIter`], the rows of a query pulled one at a time in sync code.

use std::marker::PhantomData;

use ouroboros::self_referencing;
use rusqlite::types::FromSql;
use rusqlite::{CachedStatement, Params, Row, Rows};

use super::error::DbError;

/// A type a query's row maps into.
///
/// Derive it: each field is read from the column of its name (or
/// `#[row(rename = "column")]`), with its type's `rusqlite::types::FromSql`.
/// `Option<T>` fields take `NULL`. Tuples map by position: `(i64, String)`.
///
/// ```
/// use twain::db::FromRow;
///
/// #[derive(FromRow)]
/// struct Article {
///     id: i64,
///     title: String,
///     #[row(rename = "body_text")]
///     body: Option<String>,
/// }
/// ```
///
/// The same type is read by `conn.query_one`, `conn.iter` (sync) and
/// `db.stream` (async). A field the query does not select is an error naming
/// the column (`Invalid column name: body_text`).
pub trait FromRow: Sized {
    /// Reads one row.
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self>;
}

/// A row type stored in one table with an integer primary key: what a
/// [`ForeignKey`](super::ForeignKey) loads. Derive it with `FromRow` and
/// `#[row(table = "authors")]` (`key = "author_id"` when the key is not `id`).
pub trait Table: FromRow {
    /// The table's name.
    const TABLE: &'static str;
    /// Its primary key column.
    const KEY: &'static str;
}

macro_rules! tuple_rows {
    ($($name:ident : $index:tt),+) => {
        impl<$($name: FromSql),+> FromRow for ($($name,)+) {
            fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
                Ok(($(row.get::<_, $name>($index)?,)+))
            }
        }
    };
}

tuple_rows!(A: 0);
tuple_rows!(A: 0, B: 1);
tuple_rows!(A: 0, B: 1, C: 2);
tuple_rows!(A: 0, B: 1, C: 2, D: 3);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
tuple_rows!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);

/// A prepared statement and its running query, kept together.
#[self_referencing]
struct Cursor<'c> {
    stmt: CachedStatement<'c>,
    #[borrows(mut stmt)]
    #[covariant]
    rows: Rows<'this>,
}

/// The rows of a query, each mapped to `T` as it is read: what
/// [`Conn::iter`](super::Conn::iter) returns. SQLite steps one row per
/// `next()`, so a large result is never in memory at once.
pub struct RowIter<'c, T> {
    cursor: Cursor<'c>,
    done: bool,
    _row: PhantomData<fn() -> T>,
}

impl<'c, T: FromRow> RowIter<'c, T> {
    pub(crate) fn new(stmt: CachedStatement<'c>, params: impl Params) -> Result<Self, DbError> {
        let cursor = CursorTryBuilder {
            stmt,
            rows_builder: |stmt: &mut CachedStatement<'c>| stmt.query(params),
        }
        .try_build()?;
        Ok(RowIter {
            cursor,
            done: false,
            _row: PhantomData,
        })
    }
}

impl<T: FromRow> Iterator for RowIter<'_, T> {
    type Item = Result<T, DbError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.cursor.with_rows_mut(|rows| match rows.next() {
            Ok(Some(row)) => Some(T::from_row(row).map_err(DbError::from)),
            Ok(None) => None,
            Err(err) => Some(Err(err.into())),
        });
        // After an error or the last row, the iterator is done.
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
    }
}

impl<T> std::fmt::Debug for RowIter<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowIter").field("done", &self.done).finish()
    }
}
