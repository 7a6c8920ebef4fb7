//! The column types beyond numbers, text and bytes, the same Rust type on both
//! backends: timestamps with and without time zone (`time::OffsetDateTime`,
//! `time::PrimitiveDateTime`), `time::Date`, `time::Time`, `uuid::Uuid`,
//! `rust_decimal::Decimal` (feature `decimal`) and chrono's `DateTime<Utc>`,
//! `NaiveDateTime`, `NaiveDate` and `NaiveTime` (feature `chrono`, through
//! the `time` values). PostgreSQL has a type
//! for each; on SQLite each has one text format, written here and read back
//! (see the table in `docs/data.md`): it round-trips and sorts as the values
//! do. Values keep whole microseconds, PostgreSQL's resolution, on both.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use uuid::Uuid;

use super::error::DbError;
use super::value::{ColumnValue, FromColumn, ToParam, Value};

/// `t` with its nanoseconds cut to whole microseconds.
fn whole_micros(t: Time) -> Time {
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000)
        .unwrap_or(t)
}

fn utc(t: OffsetDateTime) -> PrimitiveDateTime {
    let t = t.to_offset(UtcOffset::UTC);
    PrimitiveDateTime::new(t.date(), t.time())
}

/// SQLite's text for a date: `YYYY-MM-DD`.
pub(crate) fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// SQLite's text for a time of day: `HH:MM:SS.ffffff`, always six digits.
pub(crate) fn time_text(t: Time) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:06}",
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// SQLite's text for a timestamp, in UTC for one with a time zone:
/// `YYYY-MM-DD HH:MM:SS.ffffff`, SQLite's own `datetime()` layout.
pub(crate) fn datetime_text(t: PrimitiveDateTime) -> String {
    let mut text = date_text(t.date());
    text.push(' ');
    text.push_str(&time_text(t.time()));
    text
}

/// The text a value binds as on SQLite (and into a PostgreSQL text column).
pub(crate) fn value_text(value: &Value) -> Option<String> {
    Some(match value {
        Value::Timestamp(t) => datetime_text(utc(*t)),
        Value::DateTime(t) => datetime_text(*t),
        Value::Date(d) => date_text(*d),
        Value::Time(t) => time_text(*t),
        Value::Uuid(u) => u.hyphenated().to_string(),
        Value::Decimal(text) => text.clone(),
        _ => return None,
    })
}

/// A cursor over text being parsed.
struct Scan<'a> {
    rest: &'a str,
}

impl Scan<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let head = self.rest.get(..n)?;
        if !head.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.rest = &self.rest[n..];
        head.parse().ok()
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn date(&mut self) -> Option<Date> {
        let year = self.digits(4)? as i32;
        self.eat('-').then_some(())?;
        let month = Month::try_from(self.digits(2)? as u8).ok()?;
        self.eat('-').then_some(())?;
        Date::from_calendar_date(year, month, self.digits(2)? as u8).ok()
    }

    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.f` with 1 to 9 digits of fraction.
    fn time(&mut self) -> Option<Time> {
        let hour = self.digits(2)? as u8;
        self.eat(':').then_some(())?;
        let minute = self.digits(2)? as u8;
        let mut second = 0;
        let mut nanos = 0;
        if self.eat(':') {
            second = self.digits(2)? as u8;
            if self.eat('.') {
                let n = self.rest.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 || n > 9 {
                    return None;
                }
                nanos = self.digits(n)? * 10u32.pow(9 - n as u32);
            }
        }
        Time::from_hms_nano(hour, minute, second, nanos).ok()
    }

    /// `Z`, `+HH:MM`, `-HH:MM`, `+HHMM` or `+HH`, if there is one.
    fn offset(&mut self) -> Option<Option<UtcOffset>> {
        if self.eat('Z') || self.eat('z') {
            return Some(Some(UtcOffset::UTC));
        }
        let sign = if self.eat('+') {
            1
        } else if self.eat('-') {
            -1
        } else {
            return Some(None);
        };
        let hours = self.digits(2)? as i8;
        self.eat(':');
        let minutes = if self.rest.is_empty() {
            0
        } else {
            self.digits(2)? as i8
        };
        UtcOffset::from_hms(sign * hours, sign * minutes, 0)
            .ok()
            .map(Some)
    }

    fn end(&self) -> Option<()> {
        self.rest.is_empty().then_some(())
    }
}

/// `YYYY-MM-DD HH:MM:SS[.f]` (or with `T`), with an optional offset.
fn parse_datetime(text: &str) -> Option<(PrimitiveDateTime, Option<UtcOffset>)> {
    let mut scan = Scan { rest: text.trim() };
    let date = scan.date()?;
    (scan.eat(' ') || scan.eat('T') || scan.eat('t')).then_some(())?;
    let time = scan.time()?;
    let offset = scan.offset()?;
    scan.end()?;
    Some((PrimitiveDateTime::new(date, time), offset))
}

fn not_a(text: &str, wanted: &str, layout: &str) -> DbError {
    DbError::decode(format!(
        "the text {text:?} is not a `{wanted}` (it reads `{layout}`)"
    ))
}

const DATETIME_LAYOUT: &str = "YYYY-MM-DD HH:MM:SS[.ffffff][Z|±HH:MM]";

impl ToParam for OffsetDateTime {
    fn to_param(&self) -> Value {
        Value::Timestamp(self.replace_time(whole_micros(self.time())))
    }
}

impl FromColumn for OffsetDateTime {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Timestamp(t) => Ok(t),
            ColumnValue::DateTime(t) => Ok(t.assume_utc()),
            ColumnValue::Text(text) => match parse_datetime(text) {
                Some((t, offset)) => Ok(t
                    .assume_offset(offset.unwrap_or(UtcOffset::UTC))
                    .to_offset(UtcOffset::UTC)),
                None => Err(not_a(text, "OffsetDateTime", DATETIME_LAYOUT)),
            },
            other => Err(other.wrong_type("OffsetDateTime")),
        }
    }
}

impl ToParam for PrimitiveDateTime {
    fn to_param(&self) -> Value {
        Value::DateTime(self.replace_time(whole_micros(self.time())))
    }
}

impl FromColumn for PrimitiveDateTime {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::DateTime(t) => Ok(t),
            ColumnValue::Timestamp(t) => Ok(utc(t)),
            ColumnValue::Text(text) => match parse_datetime(text) {
                Some((t, None)) => Ok(t),
                Some((t, Some(offset))) => Ok(utc(t.assume_offset(offset))),
                None => Err(not_a(text, "PrimitiveDateTime", DATETIME_LAYOUT)),
            },
            other => Err(other.wrong_type("PrimitiveDateTime")),
        }
    }
}

impl ToParam for Date {
    fn to_param(&self) -> Value {
        Value::Date(*self)
    }
}

impl FromColumn for Date {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Date(d) => Ok(d),
            ColumnValue::Text(text) => {
                let mut scan = Scan { rest: text.trim() };
                scan.date()
                    .filter(|_| scan.end().is_some())
                    .ok_or_else(|| not_a(text, "Date", "YYYY-MM-DD"))
            }
            other => Err(other.wrong_type("Date")),
        }
    }
}

impl ToParam for Time {
    fn to_param(&self) -> Value {
        Value::Time(whole_micros(*self))
    }
}

impl FromColumn for Time {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Time(t) => Ok(t),
            ColumnValue::Text(text) => {
                let mut scan = Scan { rest: text.trim() };
                scan.time()
                    .filter(|_| scan.end().is_some())
                    .ok_or_else(|| not_a(text, "Time", "HH:MM:SS[.ffffff]"))
            }
            other => Err(other.wrong_type("Time")),
        }
    }
}

impl ToParam for Uuid {
    fn to_param(&self) -> Value {
        Value::Uuid(*self)
    }
}

impl FromColumn for Uuid {
    fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
        match value {
            ColumnValue::Uuid(u) => Ok(u),
            ColumnValue::Text(text) => Uuid::try_parse(text.trim())
                .map_err(|_| not_a(text, "Uuid", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, in hex")),
            ColumnValue::Blob(bytes) => Uuid::from_slice(bytes).map_err(|_| {
                DbError::decode(format!(
                    "{} bytes are not a `Uuid` (it reads 16 bytes)",
                    bytes.len()
                ))
            }),
            other => Err(other.wrong_type("Uuid")),
        }
    }
}

#[cfg(feature = "decimal")]
mod decimal {
    use rust_decimal::Decimal;

    use super::*;

    impl ToParam for Decimal {
        fn to_param(&self) -> Value {
            Value::Decimal(self.to_string())
        }
    }

    fn exact(text: &str, what: &str) -> Result<Decimal, DbError> {
        Decimal::from_str_exact(text.trim()).map_err(|err| {
            DbError::decode(format!(
                "{what} {text} does not fit a `Decimal` ({err}; it holds 28 significant digits)"
            ))
        })
    }

    impl FromColumn for Decimal {
        fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
            match value {
                ColumnValue::Decimal(text) => exact(&text, "the numeric"),
                ColumnValue::Int(n) => Ok(Decimal::from(n)),
                // SQLite keeps a decimal in a NUMERIC column as a REAL: its
                // shortest text is the decimal that was stored (up to 15
                // significant digits).
                ColumnValue::Real(x) if x.is_finite() => exact(&x.to_string(), "the real"),
                ColumnValue::Text(text) => exact(text, "the text"),
                other => Err(other.wrong_type("Decimal")),
            }
        }
    }
}

/// chrono's types, through the `time` values above: the same storage. A
/// chrono value past `time`'s years (±9999) binds as chrono's text, which
/// PostgreSQL refuses for a date or timestamp parameter, naming both types.
#[cfg(feature = "chrono")]
mod chrono_types {
    use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

    use super::*;

    fn date_from(d: NaiveDate) -> Option<Date> {
        Date::from_ordinal_date(d.year(), u16::try_from(d.ordinal()).ok()?).ok()
    }

    fn date_into(d: Date) -> Option<NaiveDate> {
        NaiveDate::from_yo_opt(d.year(), u32::from(d.ordinal()))
    }

    /// A leap second (chrono's nanoseconds past 1e9) is the second's end.
    fn time_from(t: NaiveTime) -> Time {
        let nanos = t.nanosecond().min(999_999_999);
        Time::from_hms_nano(t.hour() as u8, t.minute() as u8, t.second() as u8, nanos)
            .unwrap_or(Time::MIDNIGHT)
    }

    fn time_into(t: Time) -> Option<NaiveTime> {
        NaiveTime::from_hms_nano_opt(
            u32::from(t.hour()),
            u32::from(t.minute()),
            u32::from(t.second()),
            t.nanosecond(),
        )
    }

    fn datetime_from(t: NaiveDateTime) -> Option<PrimitiveDateTime> {
        Some(PrimitiveDateTime::new(
            date_from(t.date())?,
            time_from(t.time()),
        ))
    }

    fn datetime_into(t: PrimitiveDateTime) -> Option<NaiveDateTime> {
        Some(NaiveDateTime::new(
            date_into(t.date())?,
            time_into(t.time())?,
        ))
    }

    fn out_of_range(what: &str) -> DbError {
        DbError::decode(format!("the value is out of chrono's range for `{what}`"))
    }

    impl ToParam for NaiveDate {
        fn to_param(&self) -> Value {
            date_from(*self).map_or_else(|| Value::Text(self.to_string()), |d| d.to_param())
        }
    }

    impl FromColumn for NaiveDate {
        fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
            date_into(Date::from_column(value)?).ok_or_else(|| out_of_range("NaiveDate"))
        }
    }

    impl ToParam for NaiveTime {
        fn to_param(&self) -> Value {
            time_from(*self).to_param()
        }
    }

    impl FromColumn for NaiveTime {
        fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
            time_into(Time::from_column(value)?).ok_or_else(|| out_of_range("NaiveTime"))
        }
    }

    impl ToParam for NaiveDateTime {
        fn to_param(&self) -> Value {
            datetime_from(*self).map_or_else(|| Value::Text(self.to_string()), |t| t.to_param())
        }
    }

    impl FromColumn for NaiveDateTime {
        fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
            datetime_into(PrimitiveDateTime::from_column(value)?)
                .ok_or_else(|| out_of_range("NaiveDateTime"))
        }
    }

    impl ToParam for DateTime<Utc> {
        fn to_param(&self) -> Value {
            datetime_from(self.naive_utc()).map_or_else(
                || Value::Text(self.to_string()),
                |t| t.assume_utc().to_param(),
            )
        }
    }

    impl FromColumn for DateTime<Utc> {
        fn from_column(value: ColumnValue<'_>) -> Result<Self, DbError> {
            datetime_into(utc(OffsetDateTime::from_column(value)?))
                .map(|t| t.and_utc())
                .ok_or_else(|| out_of_range("DateTime<Utc>"))
        }
    }
}

/// The decimal text of a number as PostgreSQL's `numeric` binary format:
/// sign, base-10000 digits, their weight and the count of decimal places.
/// `None` when the text is not a plain decimal (`-12.340`).
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub(crate) fn numeric_binary(text: &str) -> Option<Vec<u8>> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = u16::try_from(fraction.len()).ok()?;
    // Whole digits padded on the left and fraction digits on the right to
    // groups of four, so each group is one base-10000 digit.
    let mut all = String::new();
    for _ in 0..(4 - whole.len() % 4) % 4 {
        all.push('0');
    }
    all.push_str(whole);
    let whole_groups = all.len() / 4;
    all.push_str(fraction);
    while !all.len().is_multiple_of(4) {
        all.push('0');
    }
    let mut digits: Vec<i16> = (0..all.len() / 4)
        .map(|i| all[4 * i..4 * i + 4].parse().unwrap_or(0))
        .collect();
    let mut weight = whole_groups as i32 - 1;
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    digits.drain(..leading);
    weight -= leading as i32;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        weight = 0;
    }
    let mut out = Vec::with_capacity(8 + 2 * digits.len());
    out.extend_from_slice(&i16::try_from(digits.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&i16::try_from(weight).ok()?.to_be_bytes());
    let sign: u16 = if negative && !digits.is_empty() {
        0x4000
    } else {
        0
    };
    out.extend_from_slice(&sign.to_be_bytes());
    out.extend_from_slice(&scale.to_be_bytes());
    for d in digits {
        out.extend_from_slice(&d.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_parse_back() {
        let t = PrimitiveDateTime::new(
            Date::from_calendar_date(2026, Month::December, 7).unwrap(),
            Time::from_hms_micro(17, 4, 5, 120).unwrap(),
        );
        assert_eq!(datetime_text(t), "2026-12-07 17:04:05.000120");
        assert_eq!(parse_datetime(&datetime_text(t)), Some((t, None)));
        let (at, offset) = parse_datetime("2026-12-07T19:04:05.00012+02:00").unwrap();
        assert_eq!(utc(at.assume_offset(offset.unwrap())), t);
        assert!(parse_datetime("2026-12-07").is_none());
        assert!(parse_datetime("2026-13-07 00:00:00").is_none());
        assert_eq!(time_text(t.time()), "17:04:05.000120");
    }

    #[test]
    fn numeric_binary_groups_base_10000_digits() {
        let words = |text: &str| -> Vec<i16> {
            numeric_binary(text)
                .unwrap()
                .chunks(2)
                .map(|b| i16::from_be_bytes([b[0], b[1]]))
                .collect()
        };
        // ndigits, weight, sign, dscale, digits…
        assert_eq!(words("12"), [1, 0, 0, 0, 12]);
        assert_eq!(words("-123456.78"), [3, 1, 0x4000, 2, 12, 3456, 7800]);
        assert_eq!(words("0.001"), [1, -1, 0, 3, 10]);
        assert_eq!(words("0.00"), [0, 0, 0, 2]);
        assert_eq!(words("10000"), [1, 1, 0, 0, 1]);
        assert!(numeric_binary("1e5").is_none() && numeric_binary("NaN").is_none());
    }
}
