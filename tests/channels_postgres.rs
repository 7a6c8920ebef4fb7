//! The PostgreSQL backend of the channel layer, two layers on one schema
//! standing for two processes: a send from either reaches the members of
//! both, in order; a payload over NOTIFY's limit travels through the table;
//! a send in a transaction arrives on commit and never on rollback; when
//! the listener's connection is killed (`pg_terminate_backend`), it
//! reconnects, members get `Incoming::Gap`, and delivery resumes. Skips
//! without `TWAIN_TEST_POSTGRES` (see `pg_common`).

mod pg_common;

use std::time::Duration;

use twain::channels::{ChannelSettings, Channels, Incoming, Subscription};
use twain::db::{Database, Db};

use pg_common::fresh_schema;

fn open(url: &str) -> Db {
    Database::postgres(url).pool_size(4).open().unwrap()
}

/// A layer on its own pool, as one process has; made off the runtime (the
/// set-up is blocking).
async fn layer(url: &str) -> (Db, Channels) {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let db = open(&url);
        let channels = Channels::for_database(&db, ChannelSettings::default()).unwrap();
        (db, channels)
    })
    .await
    .unwrap()
}

async fn next(member: &mut Subscription) -> Incoming {
    tokio::time::timeout(Duration::from_secs(10), member.recv())
        .await
        .expect("nothing arrived in 10 s")
}

async fn next_text(member: &mut Subscription) -> String {
    match next(member).await {
        Incoming::Message(m) => m.json::<String>().unwrap(),
        other => panic!("expected a message, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_groups_through_notify() {
    let Some(url) = fresh_schema("channels_two") else {
        return;
    };
    let (db_a, a) = layer(&url).await;
    let (_db_b, b) = layer(&url).await;
    assert_eq!(a.backend_name(), "postgres");
    let mut on_a = a.join("room").unwrap();
    let mut on_b = b.join("room").unwrap();
    on_a.ready().await.unwrap();
    on_b.ready().await.unwrap();

    a.send("room", "one").unwrap(); // sync: handed to the publisher
    b.publish("room", "two").await.unwrap();
    let big = "x".repeat(20_000);
    a.publish("room", &big).await.unwrap();
    for member in [&mut on_a, &mut on_b] {
        let mut got = vec![next_text(member).await, next_text(member).await];
        got.sort();
        assert_eq!(got, ["one", "two"]);
        assert_eq!(next_text(member).await.len(), 20_000);
    }
    let stored: (i64,) = db_a
        .query_one("SELECT count(*) FROM twain_channel_payloads", ())
        .await
        .unwrap();
    assert_eq!(stored.0, 1, "the large payload went through the table");

    // In a transaction: on commit only.
    let sender = a.clone();
    db_a.atomic(move |_tx| -> Result<(), twain::Error> {
        sender.send("room", "rolled back")?;
        Err(twain::Error::new(twain::StatusCode::CONFLICT, "undo"))
    })
    .await
    .unwrap_err();
    let sender = a.clone();
    db_a.atomic(move |_tx| -> Result<(), twain::Error> {
        sender.send("room", "committed")?;
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(next_text(&mut on_b).await, "committed");
    assert_eq!(next_text(&mut on_a).await, "committed");

    // The listeners' connections killed: each reconnects, reports the gap,
    // and delivers again.
    let killed: Vec<(bool,)> = db_a
        .all(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'twain channels listener' AND datname = current_database() AND pid <> pg_backend_pid()",
            (),
        )
        .await
        .unwrap();
    assert!(killed.len() >= 2, "{killed:?}");
    for member in [&mut on_a, &mut on_b] {
        assert!(matches!(next(member).await, Incoming::Gap));
    }
    b.publish("room", "after").await.unwrap();
    assert_eq!(next_text(&mut on_a).await, "after");
    assert_eq!(next_text(&mut on_b).await, "after");
}
