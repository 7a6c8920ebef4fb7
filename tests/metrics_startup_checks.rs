//! Start-up checks: an app whose database pool does not fit its sync threads
//! builds, and says so once, with the numbers and the fix.

mod common;

use std::time::Duration;

use twain::db::Database;
use twain::prelude::*;

use common::{capture_logs, captured_logs};

#[view]
fn hello() -> &'static str {
    "hello"
}

#[test]
fn a_pool_that_does_not_fit_the_sync_threads_is_a_warning_with_the_fix() {
    capture_logs();
    let dir = tempfile::tempdir().unwrap();
    let small = App::new()
        .database(
            Database::sqlite(dir.path().join("small.db"))
                .pool_size(3)
                .checkout_wait(Duration::from_secs(2)),
        )
        .sync_threads(40)
        .route("", hello);
    let client = twain::test::Client::new(small);
    assert_eq!(client.get("/").text(), "hello");
    let logs = captured_logs();
    assert!(
        logs.contains("40 sync threads (App::sync_threads) share 3 database connections"),
        "{logs}"
    );
    assert!(logs.contains("lower App::sync_threads to 6"), "{logs}");

    // A Db given as state is checked too.
    let db = Database::sqlite(dir.path().join("big.db"))
        .pool_size(50)
        .open()
        .unwrap();
    let big = App::new().state(db).sync_threads(20).route("", hello);
    let _client = twain::test::Client::new(big);
    let logs = captured_logs();
    assert!(
        logs.contains("the database pool allows 50 connections, but only 20 sync threads"),
        "{logs}"
    );
    assert!(logs.contains("set Database::pool_size(20)"), "{logs}");
}
