//! [`Row`]: one row of a query on either backend, read column by column by
//! name or position into [`FromColumn`] types — what [`FromRow`](super::FromRow)
//! (and `#[derive(FromRow)]`) read from.

use super::error::DbError;
use super::value::{ColumnValue, FromColumn};

/// A row of a query's result, on SQLite or PostgreSQL.
///
/// ```
/// use twain::db::{DbError, FromRow, Row};
///
/// struct Pair { id: i64, name: String }
///
/// impl FromRow for Pair {
///     fn from_row(row: &Row<'_>) -> Result<Self, DbError> {
///         Ok(Pair { id: row.get("id")?, name: row.get(1)? })
///     }
/// }
/// ```
pub struct Row<'r> {
    inner: Inner<'r>,
}

enum Inner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    #[cfg(feature = "postgres")]
    Postgres(&'r postgres::Row),
}

/// A column of a [`Row`]: its position (`usize`, from 0) or its name (`&str`).
pub trait RowIndex: sealed::Sealed {
    /// The column's position in `row`, or an error naming it.
    #[doc(hidden)]
    fn position(&self, row: &Row<'_>) -> Result<usize, DbError>;
    /// How the column is named in an error.
    #[doc(hidden)]
    fn describe(&self, row: &Row<'_>) -> String;
}

impl RowIndex for usize {
    fn position(&self, row: &Row<'_>) -> Result<usize, DbError> {
        if *self < row.len() {
            Ok(*self)
        } else {
            Err(DbError::decode(format!(
                "Invalid column index: {self} (the row has {} columns)",
                row.len()
            )))
        }
    }
    fn describe(&self, row: &Row<'_>) -> String {
        match row.name(*self) {
            Some(name) => format!("column `{name}` ({self})"),
            None => format!("column {self}"),
        }
    }
}

impl RowIndex for &str {
    fn position(&self, row: &Row<'_>) -> Result<usize, DbError> {
        row.find(self)
            .ok_or_else(|| DbError::decode(format!("Invalid column name: {self}")))
    }
    fn describe(&self, _: &Row<'_>) -> String {
        format!("column `{self}`")
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for usize {}
    impl Sealed for &str {}
}

impl<'r> Row<'r> {
    pub(crate) fn sqlite(row: &'r rusqlite::Row<'r>) -> Self {
        Row {
            inner: Inner::Sqlite(row),
        }
    }

    #[cfg(feature = "postgres")]
    pub(crate) fn postgres(row: &'r postgres::Row) -> Self {
        Row {
            inner: Inner::Postgres(row),
        }
    }

    /// How many columns the row has.
    pub fn len(&self) -> usize {
        match &self.inner {
            Inner::Sqlite(row) => row.as_ref().column_count(),
            #[cfg(feature = "postgres")]
            Inner::Postgres(row) => row.len(),
        }
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn find(&self, name: &str) -> Option<usize> {
        match &self.inner {
            Inner::Sqlite(row) => row.as_ref().column_index(name).ok(),
            #[cfg(feature = "postgres")]
            Inner::Postgres(row) => row.columns().iter().position(|c| c.name() == name),
        }
    }

    /// The name of the column at `at`.
    fn name(&self, at: usize) -> Option<&str> {
        match &self.inner {
            Inner::Sqlite(row) => row.as_ref().column_name(at).ok(),
            #[cfg(feature = "postgres")]
            Inner::Postgres(row) => row.columns().get(at).map(|c| c.name()),
        }
    }

    /// The column at `index` (a position or a name), read as `T`. A missing
    /// column or one that does not fit `T` is an error naming the column.
    pub fn get<T: FromColumn>(&self, index: impl RowIndex) -> Result<T, DbError> {
        let at = index.position(self)?;
        let value = match &self.inner {
            Inner::Sqlite(row) => super::sqlite::column(row, at),
            #[cfg(feature = "postgres")]
            Inner::Postgres(row) => super::postgres::column(row, at),
        };
        value
            .and_then(T::from_column)
            .map_err(|err| err.in_column(&index.describe(self)))
    }

    /// The column at `index` as the database returned it.
    pub fn value(&self, index: impl RowIndex) -> Result<ColumnValue<'_>, DbError> {
        let at = index.position(self)?;
        match &self.inner {
            Inner::Sqlite(row) => super::sqlite::column(row, at),
            #[cfg(feature = "postgres")]
            Inner::Postgres(row) => super::postgres::column(row, at),
        }
    }
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row").field("columns", &self.len()).finish()
    }
}
