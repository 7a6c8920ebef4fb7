//! Rows into the user's types, the same way in sync and async code and on
//! both backends: [`FromRow`] (derived with `#[derive(FromRow)]`, by column
//! name; built in for tuples, by position), [`Table`] for the types a lazy
//! relation loads, and [`RowIter`], the rows of a query pulled one at a time
//! in sync code.

use std::marker::PhantomData;

use super::error::DbError;
use super::row::Row;
use super::value::FromColumn;

/// A type a query's row maps into.
///
/// Derive it: each field is read from the column of its name (or
/// `#[row(rename = "column")]`), with its type's [`FromColumn`].
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
/// The same type is read by `conn.query_one`, `conn.iter` (sync),
/// `db.query_one` and `db.stream` (async), on SQLite and PostgreSQL. A field
/// the query does not select is an error naming the column
/// (`Invalid column name: body_text`).
pub trait FromRow: Sized {
    /// Reads one row.
    fn from_row(row: &Row<'_>) -> Result<Self, DbError>;
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
        impl<$($name: FromColumn),+> FromRow for ($($name,)+) {
            fn from_row(row: &Row<'_>) -> Result<Self, DbError> {
                Ok(($(row.get::<$name>($index)?,)+))
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

/// The running query underneath a [`RowIter`].
pub(crate) enum Cursor<'c> {
    Sqlite(super::sqlite::Cursor<'c>),
    #[cfg(feature = "postgres")]
    Postgres(super::postgres::Cursor<'c>),
}

/// The rows of a query, each mapped to `T` as it is read: what
/// [`Conn::iter`](super::Conn::iter) returns. SQLite steps one row per
/// `next()`; PostgreSQL reads them off the socket as they are pulled. A large
/// result is never in memory at once.
pub struct RowIter<'c, T> {
    cursor: Cursor<'c>,
    done: bool,
    _row: PhantomData<fn() -> T>,
}

impl<'c, T: FromRow> RowIter<'c, T> {
    pub(crate) fn new(cursor: Cursor<'c>) -> Self {
        RowIter {
            cursor,
            done: false,
            _row: PhantomData,
        }
    }
}

impl<T: FromRow> Iterator for RowIter<'_, T> {
    type Item = Result<T, DbError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = match &mut self.cursor {
            Cursor::Sqlite(cursor) => cursor.next_row(),
            #[cfg(feature = "postgres")]
            Cursor::Postgres(cursor) => cursor.next_row(),
        };
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
