//! The default `tracing` subscriber `App::run` installs when the program set
//! none, so the start-up line, each request's line and errors are visible
//! (`RUST_LOG` honoured, `info` otherwise). Lines go to stderr, with ANSI
//! colours only when stderr is a terminal and `NO_COLOR` is not set, so a
//! log file or a pipe gets plain text, written by `log_format.rs`. The
//! timestamp is written from a date kept for the second (`log_time.rs`).

use std::io::IsTerminal;

use tracing_subscriber::filter::LevelFilter;

use super::log_format::{PlainFields, PlainLines};
use super::log_time::UtcMicros;

/// Installs the default subscriber unless one is set; `true` when it did
/// (twain then owns the process's logging, panics included).
pub(crate) fn init_default_logging() -> bool {
    if tracing::dispatcher::has_been_set() {
        return false;
    }
    let colour = colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr);
    // One subscriber of four shapes: its filter, then its format.
    macro_rules! install {
        ($builder:expr) => {
            if colour {
                $builder.with_timer(UtcMicros).with_ansi(true).try_init()
            } else {
                // The same text, written with less work (`log_format.rs`).
                $builder
                    .with_ansi(false)
                    .fmt_fields(PlainFields)
                    .event_format(PlainLines)
                    .try_init()
            }
        };
    }
    let installed = match tracing_subscriber::EnvFilter::try_from_default_env() {
        Ok(filter) => install!(builder.with_env_filter(filter)),
        // No `RUST_LOG` (or one that does not parse): `info` and up, from
        // a plain level filter, which costs a span nothing, where an
        // `EnvFilter` takes its lock on each span's record and close.
        Err(_) => install!(builder.with_max_level(LevelFilter::INFO)),
    };
    installed.is_ok()
}

/// Colours only on a terminal, and never when `NO_COLOR` is set to anything
/// but the empty string (no-color.org).
fn colour(terminal: bool, no_color: Option<std::ffi::OsString>) -> bool {
    terminal && no_color.is_none_or(|value| value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::colour;

    #[test]
    fn colours_only_on_a_terminal_without_no_color() {
        assert!(colour(true, None));
        assert!(!colour(false, None));
        assert!(!colour(true, Some("1".into())));
        assert!(colour(true, Some("".into())));
    }
}
