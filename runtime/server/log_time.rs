//! [`UtcMicros`]: the timestamp at the start of each line of the default
//! subscriber (`logging.rs`), `2026-12-01T17:14:21.173888Z` (RFC 3339, UTC,
//! microseconds), the same text as `tracing-subscriber`'s default timer. The
//! date and time of day are worked out once a second per thread and kept;
//! a line writes them and its microseconds. Working them out for every line
//! would cost more than a tenth of a request's log line.

use std::cell::Cell;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// The default subscriber's timer (see the module docs).
pub(crate) struct UtcMicros;

/// `YYYY-MM-DDTHH:MM:SS` of one second since the Unix epoch.
#[derive(Clone, Copy)]
struct Second {
    unix: u64,
    text: [u8; 19],
}

thread_local! {
    static LAST: Cell<Option<Second>> = const { Cell::new(None) };
}

impl FormatTime for UtcMicros {
    fn format_time(&self, w: &mut Writer<'_>) -> fmt::Result {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let unix = since.as_secs();
        let second = match LAST.get() {
            Some(second) if second.unix == unix => second,
            _ => match second_of(unix) {
                Some(second) => {
                    LAST.set(Some(second));
                    second
                }
                // Past the year 9999.
                None => return write_long(w, unix, since.subsec_micros()),
            },
        };
        let mut line = [0u8; 27];
        line[..19].copy_from_slice(&second.text);
        line[19] = b'.';
        let mut micros = since.subsec_micros();
        for digit in line[20..26].iter_mut().rev() {
            *digit = b'0' + (micros % 10) as u8;
            micros /= 10;
        }
        line[26] = b'Z';
        // Only ASCII digits and separators were written.
        w.write_str(std::str::from_utf8(&line).map_err(|_| fmt::Error)?)
    }
}

/// The moment `unix` seconds after the epoch, in UTC.
fn utc(unix: u64) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(i64::try_from(unix).ok()?).ok()
}

/// The text of `unix`: `YYYY-MM-DDTHH:MM:SS` (the `time` crate, as built
/// here, knows no year past 9999).
fn second_of(unix: u64) -> Option<Second> {
    let at = utc(unix)?;
    let text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    Some(Second {
        unix,
        text: text.as_bytes().try_into().ok()?,
    })
}

/// Past the year 9999: the seconds since the epoch.
fn write_long(w: &mut Writer<'_>, unix: u64, micros: u32) -> fmt::Result {
    write!(w, "{unix}.{micros:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(unix: u64, micros: u32) -> String {
        let mut text = String::new();
        let second = second_of(unix).unwrap();
        text.push_str(std::str::from_utf8(&second.text).unwrap());
        text.push_str(&format!(".{micros:06}Z"));
        text
    }

    #[test]
    fn seconds_read_as_rfc_3339_in_utc() {
        assert_eq!(shown(0, 0), "1970-01-01T00:00:00.000000Z");
        // 2026-12-01T17:14:21Z, and the last second of a leap year's February.
        assert_eq!(shown(1_796_145_261, 173_888), "2026-12-01T17:14:21.173888Z");
        assert_eq!(shown(951_868_799, 5), "2000-02-29T23:59:59.000005Z");
    }

    #[test]
    fn the_last_second_of_9999_is_a_date_and_the_next_one_a_count() {
        assert_eq!(shown(253_402_300_799, 0), "9999-12-31T23:59:59.000000Z");
        assert!(second_of(253_402_300_800).is_none());
        let mut text = String::new();
        write_long(&mut Writer::new(&mut text), 253_402_300_800, 1).unwrap();
        assert_eq!(text, "253402300800.000001");
    }

    #[test]
    fn a_line_starts_with_the_time_it_was_written() {
        let mut text = String::new();
        UtcMicros.format_time(&mut Writer::new(&mut text)).unwrap();
        let (date, rest) = text.split_once('T').unwrap();
        assert_eq!((date.len(), rest.len()), (10, 16), "{text}");
        assert!(text.ends_with('Z'), "{text}");
        let now = time::OffsetDateTime::now_utc();
        assert!(text.starts_with(&format!("{:04}-", now.year())), "{text}");
    }
}
