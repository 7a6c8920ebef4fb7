//! The values that cross between Rust and either database, in twain's own
//! terms so one query works on SQLite and PostgreSQL: [`Value`] (a parameter,
//! owned), [`ToParam`] (what a parameter may be), [`Params`] (a statement's
//! parameters: `()`, a tuple, an array or slice), [`ColumnValue`] (one column
//! of a row as read) and [`FromColumn`] (what a column may be read into).
//! Each driver bridges to these in its own file (`sqlite.rs`,
//! `postgres/types.rs`).

use super::error::DbError;

/// One statement parameter, as twain binds it to either database.
///
/// On PostgreSQL the parameter is converted to the type the server expects
/// for it (an `Int` into `int2`/`int4`/`int8`/`float8`/`text`, a `Text` into
/// `text`/`varchar`/`json`/`jsonb`, …); one that does not fit is an error
/// naming both types.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// A boolean (`0`/`1` on SQLite).
    Bool(bool),
    /// Text.
    Text(String),
    /// Bytes (`BLOB` / `bytea`).
    Blob(Vec<u8>),
    /// A moment (`timestamptz`; UTC text on SQLite).
    Timestamp(time::OffsetDateTime),
    /// A date and time of day without a time zone (`timestamp`; text on SQLite).
    DateTime(time::PrimitiveDateTime),
    /// A date (`date`; `YYYY-MM-DD` on SQLite).
    Date(time::Date),
    /// A time of day (`time`; `HH:MM:SS.ffffff` on SQLite).
    Time(time::Time),
    /// A UUID (`uuid`; hyphenated lower-case text on SQLite).
    Uuid(uuid::Uuid),
    /// An exact decimal, as its text (`-12.50`): `numeric` on PostgreSQL,
    /// the text on SQLite.
    Decimal(String),
}

/// A Rust value that can be a statement parameter: integers, floats, `bool`,
/// `String`/`&str`, `Vec<u8>`/`&[u8]`, `time`'s `OffsetDateTime`,
/// `PrimitiveDateTime`, `Date` and `Time`, `uuid::Uuid`,
/// `rust_decimal::Decimal` (feature `decimal`), `Option<T>` (`None` is
/// `NULL`), [`ForeignKey`](super::ForeignKey), `serde_json::Value` (as JSON
/// text), references to any of these, and [`Value`] itself. How each is
/// stored on either backend: `docs/data.md`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a query parameter",
    label = "not a twain::db parameter type",
    note = "parameters are integers, floats, bool, String/&str, Vec<u8>/&[u8], time's OffsetDateTime/PrimitiveDateTime/Date/Time, uuid::Uuid, rust_decimal::Decimal, Option<T> of these, ForeignKey<T> or serde_json::Value; implement `twain::db::ToParam` for your own type"
)]
pub trait ToParam {
    /// The value to bind.
    fn to_param(&self) -> Value;
}

impl ToParam for Value {
    fn to_param(&self) -> Value {
        self.clone()
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Value {
        (**self).to_param()
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToParam::to_param)
    }
}

macro_rules! int_params {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_params!(i8, i16, i32, i64, u8, u16, u32);

impl ToParam for usize {
    fn to_param(&self) -> Value {
        // A usize past i64::MAX cannot be stored by either database.
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl ToParam for f64 {
    fn to_param(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToParam for f32 {
    fn to_param(&self) -> Value {
        Value::Real(f64::from(*self))
    }
}

impl ToParam for bool {
    fn to_param(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToParam for str {
    fn to_param(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl ToParam for String {
    fn to_param(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToParam for [u8] {
    fn to_param(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToParam for Vec<u8> {
    fn to_param(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl ToParam for serde_json::Value {
    fn to_param(&self) -> Value {
        Value::Text(self.to_string())
    }
}

/// A statement's parameters, bound in order to `?1`, `?2`, … (or `$1`, …):
/// `()` for none, a tuple `(id, title)` of [`ToParam`] values (up to 12), an
/// array `[a, b]` of one type, a slice `&[&dyn ToParam]`, or a `Vec<Value>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of query parameters",
    label = "expected `()`, a tuple like `(id,)` or `(id, title)`, an array, or `&[&dyn ToParam]`",
    note = "a single parameter is a one-element tuple: `(id,)`"
)]
pub trait Params {
    /// The parameters, in order.
    fn into_values(self) -> Vec<Value>;
}

impl Params for () {
    fn into_values(self) -> Vec<Value> {
        Vec::new()
    }
}

impl Params for Vec<Value> {
    fn into_values(self) -> Vec<Value> {
        self
    }
}

impl<T: ToParam, const N: usize> Params for [T; N] {
    fn into_values(self) -> Vec<Value> {
        self.iter().map(ToParam::to_param).collect()
    }
}

impl<T: ToParam> Params for &[T] {
    fn into_values(self) -> Vec<Value> {
        self.iter().map(ToParam::to_param).collect()
    }
}

macro_rules! tuple_params {
    ($($name:ident : $index:tt),+) => {
        impl<$($name: ToParam),+> Params for ($($name,)+) {
            fn into_values(self) -> Vec<Value> {
                vec![$(self.$index.to_param()),+]
            }
        }
    };
}

tuple_params!(A: 0);
tuple_params!(A: 0, B: 1);
tuple_params!(A: 0, B: 1, C: 2);
tuple_params!(A: 0, B: 1, C: 2, D: 3);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8, J: 9);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8, J: 9, K: 10);
tuple_params!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7, I: 8, J: 9, K: 10, L: 11);

/// One column of a row as the database returned it, borrowed from the row.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ColumnValue<'a> {
    /// `NULL`.
    Null,
    /// An integer column (`INTEGER`; `int2`/`int4`/`int8`/`oid`).
    Int(i64),
    /// A floating-point column (`REAL`; `float4`/`float8`).
    Real(f64),
    /// A boolean column (PostgreSQL's `bool`; SQLite stores booleans as `Int`).
    Bool(bool),
    /// A text column (`TEXT`, `varchar`, `json`, `jsonb`, …).
    Text(&'a str),
    /// A bytes column (`BLOB`, `bytea`).
    Blob(&'a [u8]),
    /// A PostgreSQL `numeric`, as its decimal text (`sum()` of a `bigint`
    /// column is one): read it as `Decimal`, `i64`, `f64` or `String`.
    Decimal(String),
    /// A PostgreSQL `timestamptz` (SQLite's timestamps are `Text`).
    Timestamp(time::OffsetDateTime),
    /// A PostgreSQL `timestamp`.
    DateTime(time::PrimitiveDateTime),
    /// A PostgreSQL `date`.
    Date(time::Date),
    /// A PostgreSQL `time`.
    Time(time::Time),
    /// A PostgreSQL `uuid`.
    Uuid(uuid::Uuid),
}

impl ColumnValue<'_> {
    fn kind(&self) -> &'static str {
        match self {
            ColumnValue::Null => "NULL",
            ColumnValue::Int(_) => "an integer",
            ColumnValue::Real(_) => "a real",
            ColumnValue::Bool(_) => "a boolean",
            ColumnValue::Text(_) => "text",
            ColumnValue::Blob(_) => "bytes",
            ColumnValue::Decimal(_) => "a numeric",
            ColumnValue::Timestamp(_) => "a timestamptz",
            ColumnValue::DateTime(_) => "a timestamp",
            ColumnValue::Date(_) => "a date",
            ColumnValue::Time(_) => "a time",
            ColumnValue::Uuid(_) => "a uuid",
        }
    }

    /// The error for a column that does not fit the Rust type `wanted`.
    pub fn wrong_type(&self, wanted: &str) -> DbError {
        DbError::decode(format!("cannot read {} column as `{wanted}`", self.kind()))
    }
}

/// A Rust type a column can be read into: integers, floats, `bool`,
/// `String`, `Vec<u8>`, `time`'s `OffsetDateTime`, `PrimitiveDateTime`,
/// `Date` and `Time`, `uuid::Uuid`, `rust_decimal::Decimal` (feature
/// `decimal`), `Option<T>` (for `NULL`), `serde_json::Value` (from JSON text
/// or `json`/`jsonb`) and [`ForeignKey`](super::ForeignKey). A column that
/// does not fit is a [`DbError`] naming the column and both types (a 500).
/// `#[derive(FromRow)]` reads each field with it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a column",
    label = "not a twain::db column type",
    note = "columns read into integers, floats, bool, String, Vec<u8>, time's OffsetDateTime/PrimitiveDateTime/Date/Time, uuid::Uuid, rust_decimal::Decimal, Option<T> of these, ForeignKey<T> or serde_json::Value; implement `twain::db::FromColumn` for your own type"
)]
pub trait FromColumn: Sized {
    /// Reads the column's value.
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError>;
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Null => Ok(None),
            other => T::from_column(other).map(Some),
        }
    }
}

impl FromColumn for i64 {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Int(n) => Ok(n),
            ColumnValue::Bool(b) => Ok(i64::from(b)),
            ColumnValue::Decimal(ref text) => text
                .parse()
                .map_err(|_| DbError::decode(format!("the numeric {text} is not an `i64`"))),
            other => Err(other.wrong_type("i64")),
        }
    }
}

macro_rules! narrow_columns {
    ($($t:ty),*) => {$(
        impl FromColumn for $t {
            fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
                let wide = i64::from_column(value)?;
                <$t>::try_from(wide).map_err(|_| {
                    DbError::decode(format!("{wide} is out of range for `{}`", stringify!($t)))
                })
            }
        }
    )*};
}
narrow_columns!(i8, i16, i32, u8, u16, u32, u64, usize);

impl FromColumn for f64 {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Real(x) => Ok(x),
            ColumnValue::Int(n) => Ok(n as f64),
            ColumnValue::Decimal(ref text) => text
                .parse()
                .map_err(|_| DbError::decode(format!("the numeric {text} is not an `f64`"))),
            other => Err(other.wrong_type("f64")),
        }
    }
}

impl FromColumn for f32 {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        f64::from_column(value).map(|x| x as f32)
    }
}

impl FromColumn for bool {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Bool(b) => Ok(b),
            ColumnValue::Int(n) => Ok(n != 0),
            other => Err(other.wrong_type("bool")),
        }
    }
}

impl FromColumn for String {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Text(text) => Ok(text.to_owned()),
            ColumnValue::Decimal(text) => Ok(text),
            other => Err(other.wrong_type("String")),
        }
    }
}

impl FromColumn for Vec<u8> {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Blob(bytes) => Ok(bytes.to_vec()),
            ColumnValue::Text(text) => Ok(text.as_bytes().to_vec()),
            other => Err(other.wrong_type("Vec<u8>")),
        }
    }
}

impl FromColumn for serde_json::Value {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Text(text) => serde_json::from_str(text)
                .map_err(|err| DbError::decode(format!("the column is not JSON: {err}"))),
            ColumnValue::Null => Ok(serde_json::Value::Null),
            ColumnValue::Int(n) => Ok(n.into()),
            ColumnValue::Real(x) => Ok(x.into()),
            ColumnValue::Bool(b) => Ok(b.into()),
            other => Err(other.wrong_type("serde_json::Value")),
        }
    }
}
