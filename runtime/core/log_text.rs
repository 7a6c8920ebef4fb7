//! [`LogSafe`]: **the one way twain logs text that may come from a request**
//! (an error message built from a path parameter, a panic message, a file
//! path, a URI). Control characters — newline, carriage return, NUL, ESC of
//! an ANSI sequence, C1 controls such as NEL — and the Unicode line and
//! paragraph separators and bidirectional overrides are written escaped
//! (`\n`, `\u{1b}`, `\u{2028}`), so no client can forge a log line, colour a
//! terminal or reorder what a reader sees through them. Everything else is
//! written as is.

use std::fmt::{self, Display, Write};

/// `value` as it may be logged: its `Display` with control characters escaped.
pub(crate) struct LogSafe<T>(pub(crate) T);

impl<T: Display> Display for LogSafe<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escaping(f), "{}", self.0)
    }
}

impl<T: Display> fmt::Debug for LogSafe<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(self, f)
    }
}

/// Writes through to `f`, escaping control characters.
struct Escaping<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl Write for Escaping<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(at) = rest.find(needs_escape) {
            self.0.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().expect("found above");
            write!(self.0, "{}", c.escape_debug())?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

/// Whether `c` could end a log line or change how one displays.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::LogSafe;

    #[test]
    fn control_characters_are_escaped() {
        let forged = "x\n2026-01-01T00:00:00Z ERROR forged\r\0\u{1b}[31mred";
        let logged = LogSafe(forged).to_string();
        assert_eq!(
            logged,
            "x\\n2026-01-01T00:00:00Z ERROR forged\\r\\0\\u{1b}[31mred"
        );
        assert!(!logged.chars().any(char::is_control));
        assert_eq!(
            LogSafe("a\u{85}b\u{2028}c\u{202e}d").to_string(),
            "a\\u{85}b\\u{2028}c\\u{202e}d"
        );
    }

    #[test]
    fn other_text_is_untouched() {
        assert_eq!(
            LogSafe("/café/ünïcode \"q\" \\").to_string(),
            "/café/ünïcode \"q\" \\"
        );
        assert_eq!(LogSafe(format_args!("{}-{}", 1, "\t")).to_string(), "1-\\t");
    }
}
