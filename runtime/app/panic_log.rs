//! When `App::run` owns the process's logging (it installed the default
//! subscriber), panics are logged through it too, with their message as
//! `LogSafe` text: the standard hook would print a panic message built from
//! request text (`panic!("bad {name}")`) raw to stderr, where a `%0A` in a
//! path parameter would start a forged log line. A backtrace, when
//! `RUST_BACKTRACE` asks for one, follows on stderr as the standard hook
//! prints it.

use std::backtrace::{Backtrace, BacktraceStatus};

use crate::core::LogSafe;
use crate::exec::panic_message;

/// Replaces the panic hook with one that logs an escaped line.
pub(crate) fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("<unnamed>");
        let location = info
            .location()
            .map(|at| format!("{}:{}:{}", at.file(), at.line(), at.column()))
            .unwrap_or_default();
        tracing::error!(
            target: "twain::panic",
            "thread '{}' panicked at {location}: {}",
            LogSafe(name),
            LogSafe(panic_message(info.payload())),
        );
        let backtrace = Backtrace::capture();
        if backtrace.status() == BacktraceStatus::Captured {
            eprintln!("{backtrace}");
        }
    }));
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_panic_message_is_logged_escaped() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            super::log_panics();
            let name = "x\n1999-12-31T00:00:00Z ERROR forged\u{1b}[31m";
            let caught = std::panic::catch_unwind(|| panic!("bad {name}"));
            // Back to the standard hook for the rest of the test binary.
            let _ = std::panic::take_hook();
            assert!(caught.is_err());
        });
        let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(logs.contains("panicked at"), "{logs:?}");
        assert!(logs.contains("bad x\\n1999-12-31"), "{logs:?}");
        assert_eq!(logs.lines().count(), 1, "{logs:?}");
        assert!(!logs.contains('\u{1b}'));
    }
}
