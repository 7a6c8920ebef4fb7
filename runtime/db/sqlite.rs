//! The SQLite side of the data API: twain's [`Value`] bound as rusqlite
//! parameters, SQLite columns read as [`ColumnValue`], and the statements a
//! [`Conn`](super::Conn) runs on a rusqlite connection (through rusqlite's
//! statement cache), including the cursor `conn.iter` pulls one row at a time.

use ouroboros::self_referencing;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, Connection, Rows, ToSql, params_from_iter};

use super::error::DbError;
use super::placeholders::{Dialect, rewrite};
use super::row::Row;
use super::rows::FromRow;
use super::value::{ColumnValue, Value};

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Real(x) => ToSqlOutput::Borrowed(ValueRef::Real(*x)),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            // Timestamps, dates, times, UUIDs and decimals: one text each.
            Value::Timestamp(_)
            | Value::DateTime(_)
            | Value::Date(_)
            | Value::Time(_)
            | Value::Uuid(_)
            | Value::Decimal(_) => ToSqlOutput::Owned(rusqlite::types::Value::Text(
                super::types::value_text(self).unwrap_or_default(),
            )),
        })
    }
}

/// Column `at` of a SQLite row.
pub(crate) fn column<'a>(
    row: &'a rusqlite::Row<'_>,
    at: usize,
) -> Result<ColumnValue<'a>, DbError> {
    Ok(match row.get_ref(at)? {
        ValueRef::Null => ColumnValue::Null,
        ValueRef::Integer(n) => ColumnValue::Int(n),
        ValueRef::Real(x) => ColumnValue::Real(x),
        ValueRef::Text(bytes) => ColumnValue::Text(
            std::str::from_utf8(bytes)
                .map_err(|err| DbError::decode(format!("the text is not UTF-8: {err}")))?,
        ),
        ValueRef::Blob(bytes) => ColumnValue::Blob(bytes),
    })
}

fn prepare<'c>(conn: &'c Connection, sql: &str) -> Result<CachedStatement<'c>, DbError> {
    Ok(conn.prepare_cached(&rewrite(sql, Dialect::Sqlite))?)
}

/// Runs a statement, returning how many rows it changed.
pub(crate) fn execute(conn: &Connection, sql: &str, params: Vec<Value>) -> Result<u64, DbError> {
    let changed = prepare(conn, sql)?.execute(params_from_iter(params.iter()))?;
    Ok(changed as u64)
}

/// The first row of a query, mapped to `T`.
pub(crate) fn first<T: FromRow>(
    conn: &Connection,
    sql: &str,
    params: Vec<Value>,
) -> Result<Option<T>, DbError> {
    let mut stmt = prepare(conn, sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    match rows.next()? {
        Some(row) => Ok(Some(T::from_row(&Row::sqlite(row))?)),
        None => Ok(None),
    }
}

/// A prepared statement and its running query, kept together.
#[self_referencing]
pub(crate) struct Cursor<'c> {
    stmt: CachedStatement<'c>,
    #[borrows(mut stmt)]
    #[covariant]
    rows: Rows<'this>,
}

impl<'c> Cursor<'c> {
    pub(crate) fn start(
        conn: &'c Connection,
        sql: &str,
        params: Vec<Value>,
    ) -> Result<Self, DbError> {
        Ok(CursorTryBuilder {
            stmt: prepare(conn, sql)?,
            rows_builder: |stmt: &mut CachedStatement<'c>| {
                stmt.query(params_from_iter(params.iter()))
            },
        }
        .try_build()?)
    }

    /// The next row, mapped to `T`.
    pub(crate) fn next_row<T: FromRow>(&mut self) -> Option<Result<T, DbError>> {
        self.with_rows_mut(|rows| match rows.next() {
            Ok(Some(row)) => Some(T::from_row(&Row::sqlite(row))),
            Ok(None) => None,
            Err(err) => Some(Err(err.into())),
        })
    }
}
