//! Log forging: text a client sent (here a path parameter with `%0A`, a fake
//! timestamp, NUL and an ANSI escape) that ends up in an error message, a
//! panic message or the access log is logged escaped, so it can neither start
//! a line of its own nor reach a terminal raw.

mod common;

use common::{capture_logs, captured_logs, eventually, http_get, start};
use std::time::Duration;
use twain::prelude::*;

#[view]
fn load(name: String) -> Result<&'static str, Error> {
    Err(Error::internal(format!("cannot load {name}")))
}

#[view]
async fn explode(name: String) -> &'static str {
    panic!("cannot parse {name}")
}

const FORGED: &str = "1999-12-31T00:00:00.000000Z  INFO twain::access: GET admin 200";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_text_cannot_forge_a_log_line() {
    capture_logs();
    let server = start(
        App::new()
            .middleware(twain::middleware::access_log)
            .route("load/<name>/", load)
            .route("panic/<name>/", explode),
    )
    .await;
    // "x\n<FORGED>\0\x1b[31m", percent-encoded into one path segment.
    let segment = format!("x%0A{}%00%1B%5B31m%0D", FORGED.replace(" ", "%20"));
    for route in ["load", "panic"] {
        let reply = http_get(server.addr, &format!("/{route}/{segment}/")).await;
        assert_eq!(reply.status, 500, "{route}");
    }
    let logged = eventually(Duration::from_secs(5), || {
        let logs = captured_logs();
        logs.contains("cannot load x") && logs.contains("cannot parse x")
    })
    .await;
    let logs = captured_logs();
    assert!(logged, "the errors were not logged: {logs}");
    for line in logs.lines() {
        assert!(
            !line.starts_with("1999-12-31"),
            "a forged log line: {line:?}"
        );
    }
    assert!(!logs.contains('\0'), "a raw NUL was logged");
    assert!(!logs.contains('\u{1b}'), "a raw ANSI escape was logged");
    assert!(!logs.contains('\r'), "a raw carriage return was logged");
    assert!(
        logs.contains("cannot load x\\n1999-12-31"),
        "the message is logged, escaped: {logs}"
    );
    server.stop().await;
}
