//! `App::listening_note`: an app's own words in the one line the server logs
//! when it starts, instead of a second start-up line.

use std::io::Write;
use std::sync::{Arc, Mutex};

use twain::prelude::*;

#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What serving `app` until it is told to stop logs, on this thread.
fn start_up_log(app: App) -> String {
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let runtime = twain::tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let listener = twain::tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .unwrap();
            app.serve_with_shutdown(listener, async {}).await.unwrap();
        })
    });
    String::from_utf8(lines.0.lock().unwrap().clone()).unwrap()
}

#[test]
fn the_note_is_part_of_the_listening_line() {
    let log = start_up_log(App::new().listening_note("sign in as demo / secret"));
    let listening: Vec<&str> = log.lines().filter(|l| l.contains("listening")).collect();
    assert_eq!(listening.len(), 1, "{log}");
    assert!(
        listening[0].contains("twain listening on http://127.0.0.1:"),
        "{log}"
    );
    assert!(
        listening[0].ends_with("/ (sign in as demo / secret)"),
        "{log}"
    );
}

#[test]
fn without_a_note_the_line_is_unchanged() {
    let log = start_up_log(App::new());
    let listening: Vec<&str> = log.lines().filter(|l| l.contains("listening")).collect();
    assert_eq!(listening.len(), 1, "{log}");
    assert!(!listening[0].contains('('), "{log}");
}
