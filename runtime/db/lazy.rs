//! [`ForeignKey`]: a relation that loads its row on demand — the talk's
//! `instance.foreign_key.name` — and [`Loads`], the bound that keeps the load
//! in sync code: it takes a connection, which only sync code has, and any
//! other argument is an error that says to join eagerly or use `db.run`.

use std::sync::OnceLock;

use super::conn::Conn;
use super::error::DbError;
use super::rows::Table;
use super::tx::Tx;
use super::value::{ColumnValue, FromColumn, ToParam, Value};

/// A column holding the key of a row of `T`'s table, loaded when asked for.
///
/// ```
/// use twain::db::{Conn, DbError, ForeignKey, FromRow};
/// use twain::prelude::*;
///
/// #[derive(FromRow)]
/// #[row(table = "authors")]
/// struct Author { id: i64, name: String }
///
/// #[derive(FromRow)]
/// struct Article { title: String, author_id: ForeignKey<Author> }
///
/// #[view]
/// fn byline(conn: Conn, id: i64) -> Result<String, DbError> {
///     let article: Article = conn.query_one("SELECT title, author_id FROM articles WHERE id = ?1", (id,))?;
///     let author = article.author_id.load(&conn)?; // a query, on this sync thread
///     Ok(format!("{} by {}", article.title, author.name))
/// }
/// ```
///
/// In async code there is no connection to load with, so `load` does not
/// compile there: select the related columns in the query (a `JOIN`), or
/// load inside `db.run(move |conn| article.author_id.load(conn).map(..)).await`.
pub struct ForeignKey<T> {
    id: i64,
    row: OnceLock<T>,
}

impl<T> ForeignKey<T> {
    /// A relation to the row with key `id`, not loaded yet.
    pub fn new(id: i64) -> Self {
        ForeignKey {
            id,
            row: OnceLock::new(),
        }
    }

    /// The key of the related row (no query).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The related row, if it was loaded already (no query).
    pub fn loaded(&self) -> Option<&T> {
        self.row.get()
    }
}

impl<T: Table> ForeignKey<T> {
    /// The related row: read with `SELECT * FROM <table> WHERE <key> = ?` the
    /// first time, then kept. A key with no row is [`DbError::is_no_row`].
    pub fn load<C: Loads>(&self, conn: &C) -> Result<&T, DbError> {
        if let Some(row) = self.row.get() {
            return Ok(row);
        }
        let sql = format!("SELECT * FROM \"{}\" WHERE \"{}\" = ?1", T::TABLE, T::KEY);
        let row: T = conn.connection().query_one(&sql, (self.id,))?;
        Ok(self.row.get_or_init(|| row))
    }
}

/// What a lazy relation loads with: a [`Conn`] or a [`Tx`], which only sync
/// code holds.
#[diagnostic::on_unimplemented(
    message = "a lazy relation loads on a sync thread: `{Self}` is not a database connection",
    label = "expected `&Conn` (a sync view's `conn: Conn`, or the `conn` of `db.run(|conn| ..)`)",
    note = "in async code, select the related row in the same query (a `JOIN`), or load it inside `db.run(move |conn| article.author.load(conn).map(..)).await`"
)]
pub trait Loads: sealed::Sealed {
    /// The connection to query.
    fn connection(&self) -> &Conn;
}

impl Loads for Conn {
    fn connection(&self) -> &Conn {
        self
    }
}

impl Loads for Tx<'_> {
    fn connection(&self) -> &Conn {
        self
    }
}

impl Loads for &mut Conn {
    fn connection(&self) -> &Conn {
        self
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Conn {}
    impl Sealed for super::Tx<'_> {}
    impl Sealed for &mut super::Conn {}
}

impl<T> FromColumn for ForeignKey<T> {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        i64::from_column(value).map(ForeignKey::new)
    }
}

impl<T> ToParam for ForeignKey<T> {
    fn to_param(&self) -> Value {
        Value::Int(self.id)
    }
}

impl<T> std::fmt::Debug for ForeignKey<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForeignKey")
            .field("id", &self.id)
            .field("loaded", &self.row.get().is_some())
            .finish()
    }
}

impl<T> Clone for ForeignKey<T> {
    /// A copy of the key; the loaded row is not copied.
    fn clone(&self) -> Self {
        ForeignKey::new(self.id)
    }
}
