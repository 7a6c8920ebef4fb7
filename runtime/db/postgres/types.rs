//! twain's values to and from PostgreSQL's types. A parameter is sent as the
//! type the server inferred for it (an integer fits `int2`/`int4`/`int8`/
//! `float*`/`numeric`/`text`, text fits the text types and `json`/`jsonb`, …),
//! so `?1` works whether the column is `INTEGER` or `BIGINT`; a column is
//! read by its type into a [`ColumnValue`] (`numeric` as its decimal text;
//! `timestamptz`, `timestamp`, `date`, `time` and `uuid` through
//! postgres-types' `time` and `uuid` support). A type twain does not know
//! (`interval`, `inet`, …) is an error that says to convert it in SQL
//! (`column::text`).

use std::error::Error as StdError;

use bytes::{BufMut, BytesMut};
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use crate::db::error::DbError;
use crate::db::value::{ColumnValue, Value};

type BoxError = Box<dyn StdError + Sync + Send>;

fn is_text(ty: &Type) -> bool {
    <&str as FromSql>::accepts(ty)
}

fn unfit(what: &str, ty: &Type) -> BoxError {
    format!(
        "cannot send {what} as a `{ty}` parameter: send text and convert it in SQL (`CAST(?1 AS TEXT)::{ty}`), or bind a matching Rust type"
    )
    .into()
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => return Ok(IsNull::Yes),
            Value::Int(n) => int_to_sql(*n, ty, out)?,
            Value::Bool(b) => match *ty {
                Type::BOOL => b.to_sql(ty, out).map(drop)?,
                _ if is_text(ty) => b.to_string().as_str().to_sql(ty, out).map(drop)?,
                _ => int_to_sql(i64::from(*b), ty, out)?,
            },
            Value::Real(x) => match *ty {
                Type::FLOAT8 => x.to_sql(ty, out).map(drop)?,
                Type::FLOAT4 => (*x as f32).to_sql(ty, out).map(drop)?,
                _ if is_text(ty) => x.to_string().as_str().to_sql(ty, out).map(drop)?,
                _ => return Err(unfit("a float", ty)),
            },
            Value::Text(text) => match *ty {
                Type::JSON => out.put_slice(text.as_bytes()),
                Type::JSONB => {
                    out.put_u8(1); // jsonb's binary format version
                    out.put_slice(text.as_bytes());
                }
                _ if is_text(ty) => text.as_str().to_sql(ty, out).map(drop)?,
                _ => return Err(unfit("text", ty)),
            },
            Value::Blob(bytes) => match *ty {
                Type::BYTEA => out.put_slice(bytes),
                _ => return Err(unfit("bytes", ty)),
            },
            Value::Timestamp(t) => match *ty {
                Type::TIMESTAMPTZ => t.to_sql(ty, out).map(drop)?,
                Type::TIMESTAMP => {
                    let t = t.to_offset(time::UtcOffset::UTC);
                    time::PrimitiveDateTime::new(t.date(), t.time())
                        .to_sql(ty, out)
                        .map(drop)?
                }
                _ => text_or(self, "a timestamp (`OffsetDateTime`)", ty, out)?,
            },
            Value::DateTime(t) => match *ty {
                Type::TIMESTAMP => t.to_sql(ty, out).map(drop)?,
                Type::TIMESTAMPTZ => t.assume_utc().to_sql(ty, out).map(drop)?,
                _ => text_or(self, "a timestamp (`PrimitiveDateTime`)", ty, out)?,
            },
            Value::Date(d) => match *ty {
                Type::DATE => d.to_sql(ty, out).map(drop)?,
                _ => text_or(self, "a date", ty, out)?,
            },
            Value::Time(t) => match *ty {
                Type::TIME => t.to_sql(ty, out).map(drop)?,
                _ => text_or(self, "a time", ty, out)?,
            },
            Value::Uuid(u) => match *ty {
                Type::UUID => u.to_sql(ty, out).map(drop)?,
                _ => text_or(self, "a UUID", ty, out)?,
            },
            Value::Decimal(text) => match *ty {
                Type::NUMERIC => match crate::db::types::numeric_binary(text) {
                    Some(bytes) => out.put_slice(&bytes),
                    None => return Err(format!("{text:?} is not a decimal number").into()),
                },
                Type::FLOAT8 | Type::FLOAT4 => match text.parse::<f64>() {
                    Ok(x) => Value::Real(x).to_sql(ty, out).map(drop)?,
                    Err(_) => return Err(format!("{text:?} is not a decimal number").into()),
                },
                _ => text_or(self, "a decimal", ty, out)?,
            },
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        // Checked per value in `to_sql`, with an error naming both types.
        true
    }

    to_sql_checked!();
}

/// A value bound to a text parameter as its SQLite text (so a text column
/// holds the same on both backends), or the error naming both types.
fn text_or(value: &Value, what: &str, ty: &Type, out: &mut BytesMut) -> Result<(), BoxError> {
    match crate::db::types::value_text(value) {
        Some(text) if is_text(ty) => text.as_str().to_sql(ty, out).map(drop),
        _ => Err(unfit(what, ty)),
    }
}

fn int_to_sql(n: i64, ty: &Type, out: &mut BytesMut) -> Result<(), BoxError> {
    let range = || -> BoxError { format!("{n} is out of range for a `{ty}` parameter").into() };
    match *ty {
        Type::INT8 => n.to_sql(ty, out).map(drop),
        Type::INT4 => i32::try_from(n)
            .map_err(|_| range())?
            .to_sql(ty, out)
            .map(drop),
        Type::INT2 => i16::try_from(n)
            .map_err(|_| range())?
            .to_sql(ty, out)
            .map(drop),
        Type::OID => u32::try_from(n)
            .map_err(|_| range())?
            .to_sql(ty, out)
            .map(drop),
        Type::FLOAT8 => (n as f64).to_sql(ty, out).map(drop),
        Type::FLOAT4 => (n as f32).to_sql(ty, out).map(drop),
        Type::BOOL => (n != 0).to_sql(ty, out).map(drop),
        Type::NUMERIC => {
            let bytes = crate::db::types::numeric_binary(&n.to_string());
            out.put_slice(&bytes.expect("an integer's text is a decimal"));
            Ok(())
        }
        _ if is_text(ty) => n.to_string().as_str().to_sql(ty, out).map(drop),
        _ => Err(unfit("an integer", ty)),
    }
}

/// Any column's raw bytes, for the types read by hand (`json`, `jsonb`,
/// `numeric`).
struct Raw<'a>(&'a [u8]);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Raw(raw))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Column `at` of a PostgreSQL row.
pub(crate) fn column(row: &postgres::Row, at: usize) -> Result<ColumnValue<'_>, DbError> {
    let ty = row.columns()[at].type_().clone();
    let get_err = |err: postgres::Error| DbError::decode(err);
    macro_rules! read {
        ($t:ty, $wrap:expr) => {
            row.try_get::<_, Option<$t>>(at)
                .map_err(get_err)?
                .map_or(ColumnValue::Null, $wrap)
        };
    }
    Ok(match ty {
        Type::INT8 => read!(i64, ColumnValue::Int),
        Type::INT4 => read!(i32, |n| ColumnValue::Int(n.into())),
        Type::INT2 => read!(i16, |n| ColumnValue::Int(n.into())),
        Type::OID => read!(u32, |n| ColumnValue::Int(n.into())),
        Type::FLOAT8 => read!(f64, ColumnValue::Real),
        Type::FLOAT4 => read!(f32, |x| ColumnValue::Real(x.into())),
        Type::BOOL => read!(bool, ColumnValue::Bool),
        Type::TIMESTAMPTZ => read!(time::OffsetDateTime, ColumnValue::Timestamp),
        Type::TIMESTAMP => read!(time::PrimitiveDateTime, ColumnValue::DateTime),
        Type::DATE => read!(time::Date, ColumnValue::Date),
        Type::TIME => read!(time::Time, ColumnValue::Time),
        Type::UUID => read!(uuid::Uuid, ColumnValue::Uuid),
        Type::BYTEA => read!(&[u8], ColumnValue::Blob),
        Type::JSON | Type::JSONB => {
            let jsonb = ty == Type::JSONB;
            match row.try_get::<_, Option<Raw<'_>>>(at).map_err(get_err)? {
                None => ColumnValue::Null,
                Some(Raw(bytes)) => {
                    let bytes = if jsonb {
                        bytes.get(1..).unwrap_or_default()
                    } else {
                        bytes
                    };
                    ColumnValue::Text(std::str::from_utf8(bytes).map_err(DbError::decode)?)
                }
            }
        }
        Type::NUMERIC => match row.try_get::<_, Option<Raw<'_>>>(at).map_err(get_err)? {
            None => ColumnValue::Null,
            Some(Raw(bytes)) => ColumnValue::Decimal(numeric_text(bytes)?),
        },
        ref other if is_text(other) => read!(&str, ColumnValue::Text),
        other => {
            return Err(DbError::decode(format!(
                "PostgreSQL's `{other}` is not a type twain reads: convert it in SQL (`column::text`, `column::bigint`)"
            )));
        }
    })
}

/// A `numeric` in binary format as decimal text.
fn numeric_text(raw: &[u8]) -> Result<String, DbError> {
    let word = |i: usize| -> Result<i16, DbError> {
        raw.get(2 * i..2 * i + 2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| DbError::decode("a truncated numeric"))
    };
    let (ndigits, weight, sign, dscale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
    if sign == 0xC000 {
        return Ok("NaN".to_owned());
    }
    let digit = |i: i32| -> Result<i16, DbError> {
        if i >= 0 && i < i32::from(ndigits) {
            word(4 + i as usize)
        } else {
            Ok(0)
        }
    };
    let mut text = String::new();
    if sign == 0x4000 {
        text.push('-');
    }
    if weight < 0 {
        text.push('0');
    } else {
        for i in 0..=i32::from(weight) {
            let d = digit(i)?;
            if i == 0 {
                text.push_str(&d.to_string());
            } else {
                text.push_str(&format!("{d:04}"));
            }
        }
    }
    if dscale > 0 {
        let mut fraction = String::new();
        let mut i = i32::from(weight) + 1;
        while fraction.len() < dscale as usize {
            fraction.push_str(&format!("{:04}", digit(i)?));
            i += 1;
        }
        fraction.truncate(dscale as usize);
        text.push('.');
        text.push_str(&fraction);
    }
    Ok(text)
}
