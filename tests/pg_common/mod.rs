//! The PostgreSQL server the PostgreSQL tests run against: the URL in
//! `TWAIN_TEST_POSTGRES` (`.ci/run` starts a server with `.ci/postgres` and
//! sets it). Unset or unreachable, each test prints why and returns (a skip);
//! with `TWAIN_REQUIRE_POSTGRES=1` (as in CI) it fails instead. Each test gets
//! a schema of its own, so tests never see each other's tables.

#![allow(dead_code)]

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Prints past the test harness's capture, so a skip is seen in `cargo test`.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

pub const URL_VAR: &str = "TWAIN_TEST_POSTGRES";

/// A URL for a new, empty schema of the test database, or `None` (the test
/// skips) when no server is configured or reachable.
pub fn fresh_schema(test: &str) -> Option<String> {
    let required = std::env::var("TWAIN_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    let Ok(base) = std::env::var(URL_VAR) else {
        let why =
            format!("{URL_VAR} is not set (e.g. `export {URL_VAR}=$(bash .ci/postgres start)`)");
        assert!(!required, "TWAIN_REQUIRE_POSTGRES=1 but {why}");
        say(&format!("skipping {test}: {why}"));
        return None;
    };
    static N: AtomicUsize = AtomicUsize::new(0);
    let schema = format!(
        "t_{}_{}_{}",
        test.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(20)
            .collect::<String>(),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
    .to_lowercase();
    let made = {
        let (base, schema) = (base.clone(), schema.clone());
        // The blocking client must not run inside the test's runtime.
        std::thread::spawn(move || -> Result<(), String> {
            let mut client = twain::db::postgres_client::Client::connect(
                &base,
                twain::db::postgres_client::NoTls,
            )
            .map_err(|e| match std::error::Error::source(&e) {
                Some(cause) => format!("{e}: {cause}"),
                None => e.to_string(),
            })?;
            client
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .map_err(|e| e.to_string())
        })
        .join()
        .unwrap()
    };
    if let Err(why) = made {
        let why = format!("the PostgreSQL server at {URL_VAR} is not reachable: {why}");
        assert!(!required, "TWAIN_REQUIRE_POSTGRES=1 but {why}");
        say(&format!("skipping {test}: {why}"));
        return None;
    }
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}
