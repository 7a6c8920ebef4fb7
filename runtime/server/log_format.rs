//! The default subscriber's lines when they do not go to a terminal (a file,
//! a pipe, a log collector): [`PlainLines`] and [`PlainFields`] write the
//! very text `tracing-subscriber`'s default format writes without colours —
//!
//! ```text
//! 2026-12-01T17:14:21.173888Z  INFO request{method=GET path=/ route=/ status=200 latency_ms=0.194}: twain::request: finished
//! ```
//!
//! — with less work per line: the default format paints every field name,
//! `=` and `:` with a colour style even when colours are off, and escapes a
//! message one character at a time; with one line per request, that is
//! about as much work as answering the request. A terminal still gets the
//! default format, in colour. The two are compared on the same events in
//! this file's tests.

use std::error::Error;
use std::fmt::{self, Write};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

use super::log_time::UtcMicros;

/// A line: time, level, the spans with their fields, target, the event's
/// fields.
pub(crate) struct PlainLines;

impl<S, N> FormatEvent<S, N> for PlainLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        if UtcMicros.format_time(&mut writer).is_err() {
            writer.write_str("<unknown time>")?;
        }
        let meta = event.metadata();
        writer.write_str(match *meta.level() {
            Level::TRACE => " TRACE ",
            Level::DEBUG => " DEBUG ",
            Level::INFO => "  INFO ",
            Level::WARN => "  WARN ",
            Level::ERROR => " ERROR ",
        })?;
        if let Some(scope) = ctx.event_scope() {
            let mut seen = false;
            for span in scope.from_root() {
                writer.write_str(span.metadata().name())?;
                seen = true;
                let extensions = span.extensions();
                if let Some(fields) = extensions.get::<FormattedFields<N>>()
                    && !fields.is_empty()
                {
                    writer.write_char('{')?;
                    writer.write_str(fields)?;
                    writer.write_char('}')?;
                }
                writer.write_char(':')?;
            }
            if seen {
                writer.write_char(' ')?;
            }
        }
        writer.write_str(meta.target())?;
        writer.write_str(": ")?;
        ctx.format_fields(writer.by_ref(), event)?;
        writer.write_char('\n')
    }
}

/// Fields as `name=value`, space-separated, the message first and bare.
pub(crate) struct PlainFields;

impl<'writer> FormatFields<'writer> for PlainFields {
    fn format_fields<R: RecordFields>(&self, writer: Writer<'writer>, fields: R) -> fmt::Result {
        let mut visitor = PlainVisitor {
            writer,
            first: true,
            result: Ok(()),
        };
        fields.record(&mut visitor);
        visitor.result
    }
}

struct PlainVisitor<'writer> {
    writer: Writer<'writer>,
    first: bool,
    result: fmt::Result,
}

impl PlainVisitor<'_> {
    /// The space before every field but the first.
    fn separate(&mut self) -> fmt::Result {
        if std::mem::take(&mut self.first) {
            Ok(())
        } else {
            self.writer.write_char(' ')
        }
    }

    /// A field: the message bare (and escaped), any other as `name=value`.
    fn write(&mut self, field: &Field, value: &dyn fmt::Debug) -> fmt::Result {
        self.separate()?;
        let name = field.name();
        if name == "message" {
            return write!(self.writer, "{:?}", Escaped(value));
        }
        self.writer
            .write_str(name.strip_prefix("r#").unwrap_or(name))?;
        write!(self.writer, "={value:?}")
    }
}

impl Visit for PlainVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.record_debug(field, &format_args!("{value}"));
        } else {
            self.record_debug(field, &value);
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn Error + 'static)) {
        match value.source() {
            Some(source) => self.record_debug(
                field,
                &format_args!(
                    "{} {}.sources={}",
                    Escaped(format_args!("{value}")),
                    field.name(),
                    Sources(source)
                ),
            ),
            None => self.record_debug(field, &format_args!("{}", Escaped(format_args!("{value}")))),
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if self.result.is_ok() {
            self.result = self.write(field, value);
        }
    }
}

/// A value with the characters that drive a terminal written as escapes
/// (ESC, BEL, BS, FF, DEL and the C1 controls), as the default format does
/// with messages and errors; runs of other characters are written whole.
struct Escaped<T>(T);

impl<T: fmt::Debug> fmt::Debug for Escaped<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escaping(f), "{:?}", self.0)
    }
}

impl<T: fmt::Display> fmt::Display for Escaped<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escaping(f), "{}", self.0)
    }
}

struct Escaping<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl Write for Escaping<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut clean = 0;
        for (at, ch) in text.char_indices() {
            let escape = match ch {
                '\x1b' => "\\x1b",
                '\x07' => "\\x07",
                '\x08' => "\\x08",
                '\x0c' => "\\x0c",
                '\x7f' => "\\x7f",
                '\u{80}'..='\u{9f}' => "",
                _ => continue,
            };
            self.0.write_str(&text[clean..at])?;
            if escape.is_empty() {
                write!(self.0, "\\u{{{:x}}}", ch as u32)?;
            } else {
                self.0.write_str(escape)?;
            }
            clean = at + ch.len_utf8();
        }
        self.0.write_str(&text[clean..])
    }
}

/// An error's chain of sources, as a list: `["first", "second"]`.
struct Sources<'a>(&'a (dyn Error + 'static));

impl fmt::Display for Sources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        let mut next = Some(self.0);
        while let Some(error) = next {
            list.entry(&Escaped(format_args!("{error}")));
            next = error.source();
        }
        list.finish()
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Lines {
        type Writer = Lines;
        fn make_writer(&'a self) -> Lines {
            self.clone()
        }
    }

    impl Lines {
        /// Each line, its timestamp (the first word) cut off.
        fn text(&self) -> Vec<String> {
            let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
            text.lines()
                .map(|line| line.split_once(' ').unwrap().1.to_owned())
                .collect()
        }
    }

    #[derive(Debug)]
    struct Outer(Inner);
    #[derive(Debug)]
    struct Inner;
    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("could not read \x1b[31mthe file")
        }
    }
    impl Error for Outer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }
    impl fmt::Display for Inner {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("denied\u{85}")
        }
    }
    impl Error for Inner {}

    /// Events of every shape the visitor tells apart.
    fn events() {
        tracing::info!("plain message");
        let span = tracing::info_span!("request", method = "GET", path = %"/a b/", n = 3);
        let _in = span.enter();
        span.record("n", 4);
        let inner = tracing::debug_span!("inner");
        let _inner = inner.enter();
        tracing::warn!(target: "twain::x", r#type = "t", ok = true, f = 1.5, "with \x1b[1m ansi \u{9b} and \"quotes\"\n");
        tracing::error!(error = &Outer(Inner) as &(dyn Error + 'static), "failed");
        tracing::trace!(error = &Inner as &(dyn Error + 'static), text = "a\u{1b}b", debug = ?Some("x"));
        tracing::info!(message = %format_args!("{}", 7), other = 8);
        tracing::info!(first = 1, "message after a field");
        drop(_inner);
        tracing::info!(target: "plain", "");
    }

    fn lines_of(plain: bool) -> Vec<String> {
        let lines = Lines::default();
        let builder = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(lines.clone())
            .with_ansi(false);
        if plain {
            let subscriber = builder
                .fmt_fields(PlainFields)
                .event_format(PlainLines)
                .finish();
            tracing::subscriber::with_default(subscriber, events);
        } else {
            let subscriber = builder.finish();
            tracing::subscriber::with_default(subscriber, events);
        }
        lines.text()
    }

    #[test]
    fn lines_read_as_the_default_format_without_colours() {
        let ours = lines_of(true);
        let theirs = lines_of(false);
        assert_eq!(ours.len(), 8, "{ours:#?}");
        assert_eq!(ours, theirs);
    }
}
