//! The channel layer in one process (`twain::channels`, in-process backend
//! over SQLite): sends from a sync view (no `.await`) and an async view reach
//! a member, typed; a message over the limit is an error and reaches no one;
//! sends inside a transaction arrive on commit only — not on rollback, not
//! from a savepoint rolled back, not from an atomic request answering 500;
//! a full mailbox reports its overflow.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use twain::channels::{ChannelError, ChannelSettings, Channels, Incoming, Subscription};
use twain::db::{Conn, Database, Db, M, Migrations};
use twain::prelude::*;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Note {
    n: u32,
    text: String,
}

fn open(dir: &tempfile::TempDir, atomic: bool) -> Db {
    Database::sqlite(dir.path().join("app.db"))
        .migrations(Migrations::new(vec![M::up(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
        )]))
        .atomic_requests(atomic)
        .open()
        .unwrap()
}

/// The app over `db`, with a layer the test can join too.
fn app(db: &Db, settings: ChannelSettings) -> (App, Channels) {
    let channels = Channels::for_database(db, settings).unwrap();
    let app = App::new()
        .state(db.clone())
        .state(channels.clone())
        .route("sync/<int:n>/", sync_send)
        .route("async/<int:n>/", async_send)
        .route("big/", too_big)
        .route("tx/<int:n>/<str:how>/", in_transaction)
        .route("savepoint/", savepoint)
        .route("atomic/<int:status>/", atomic_request);
    (app, channels)
}

#[view]
fn sync_send(channels: Channels, n: u32) -> Result<&'static str, Error> {
    channels.send(
        "notes",
        &Note {
            n,
            text: "from sync".into(),
        },
    )?;
    Ok("sent")
}

#[view]
async fn async_send(channels: Channels, n: u32) -> Result<&'static str, Error> {
    channels
        .publish(
            "notes",
            &Note {
                n,
                text: "from async".into(),
            },
        )
        .await?;
    Ok("sent")
}

#[view]
fn too_big(channels: Channels) -> String {
    match channels.send("notes", &"x".repeat(2_000)) {
        Err(ChannelError::TooLarge { size, limit }) => format!("too large: {size} > {limit}"),
        other => format!("unexpected: {other:?}"),
    }
}

/// Sends inside `conn.atomic`, then commits (`how` = "ok") or rolls back;
/// answers what the test's member had received before the commit.
#[view]
fn in_transaction(
    conn: Conn,
    channels: Channels,
    watcher: State<Mutex<Subscription>>,
    n: u32,
    how: String,
) -> Result<String, Error> {
    let seen = conn.atomic(|tx| -> Result<String, Error> {
        tx.execute("INSERT INTO notes (text) VALUES ('x')", ())?;
        channels
            .send(
                "notes",
                &Note {
                    n,
                    text: "in tx".into(),
                },
            )
            .unwrap();
        let seen = format!("{:?}", watcher.lock().unwrap().try_recv().is_some());
        if how == "ok" {
            Ok(seen)
        } else {
            Err(Error::new(StatusCode::CONFLICT, "undo"))
        }
    });
    Ok(seen.unwrap_or_else(|_| "rolled back".into()))
}

/// An outer transaction that commits, with a savepoint rolled back inside.
#[view]
fn savepoint(conn: Conn, channels: Channels) -> Result<&'static str, Error> {
    conn.atomic(|tx| -> Result<(), Error> {
        channels
            .send(
                "notes",
                &Note {
                    n: 1,
                    text: "outer".into(),
                },
            )
            .unwrap();
        let inner = tx.atomic(|_| -> Result<(), Error> {
            channels
                .send(
                    "notes",
                    &Note {
                        n: 2,
                        text: "savepoint".into(),
                    },
                )
                .unwrap();
            Err(Error::new(StatusCode::CONFLICT, "undo"))
        });
        assert!(inner.is_err());
        channels
            .send(
                "notes",
                &Note {
                    n: 3,
                    text: "outer again".into(),
                },
            )
            .unwrap();
        Ok(())
    })?;
    Ok("done")
}

/// In an atomic request: touches the database, sends, answers `status`.
#[view]
fn atomic_request(conn: Conn, channels: Channels, status: u16) -> Response {
    conn.execute("INSERT INTO notes (text) VALUES ('atomic')", ())
        .unwrap();
    channels
        .send(
            "notes",
            &Note {
                n: u32::from(status),
                text: "atomic".into(),
            },
        )
        .unwrap();
    let mut response = Response::new("answered".into());
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    response
}

async fn next_note(member: &mut Subscription) -> Note {
    match tokio::time::timeout(Duration::from_secs(5), member.recv()).await {
        Ok(Incoming::Message(envelope)) => {
            assert_eq!(envelope.group(), "notes");
            envelope.json().unwrap()
        }
        other => panic!("expected a note, got {other:?}"),
    }
}

fn nothing_waiting(member: &mut Subscription) {
    if let Some(item) = member.try_recv() {
        panic!("nothing should have arrived, got {item:?}");
    }
}

#[tokio::test]
async fn sync_and_async_views_reach_a_member_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir, false);
    let (app, channels) = app(&db, ChannelSettings::default().max_message_size(1_000));
    let client = twain::test::AsyncClient::new(app);
    let mut member = channels.join("notes").unwrap();
    assert_eq!(channels.backend_name(), "in-process");
    assert_eq!(client.get("/sync/1/").await.text(), "sent");
    assert_eq!(client.get("/async/2/").await.text(), "sent");
    assert_eq!(
        next_note(&mut member).await,
        Note {
            n: 1,
            text: "from sync".into()
        }
    );
    assert_eq!(
        next_note(&mut member).await,
        Note {
            n: 2,
            text: "from async".into()
        }
    );

    let answer = client.get("/big/").await.text();
    assert!(answer.starts_with("too large: 2002 > 1000"), "{answer}");
    nothing_waiting(&mut member);

    assert_eq!(channels.local_members("notes"), 1);
    drop(member);
    assert_eq!(channels.local_members("notes"), 0);
}

#[tokio::test]
async fn a_send_in_a_transaction_arrives_on_commit_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir, false);
    let (app, channels) = app(&db, ChannelSettings::default());
    let watcher = channels.join("notes").unwrap();
    let client = twain::test::AsyncClient::new(app.state(Mutex::new(watcher)));
    let mut member = channels.join("notes").unwrap();

    // Committed: not there inside the transaction, there after it.
    assert_eq!(client.get("/tx/1/ok/").await.text(), "false");
    assert_eq!(next_note(&mut member).await.n, 1);
    // Rolled back: never.
    assert_eq!(client.get("/tx/2/no/").await.text(), "rolled back");
    tokio::time::sleep(Duration::from_millis(50)).await;
    nothing_waiting(&mut member);

    // A savepoint rolled back takes its sends with it; the outer ones stay.
    assert_eq!(client.get("/savepoint/").await.text(), "done");
    assert_eq!(next_note(&mut member).await.n, 1);
    assert_eq!(next_note(&mut member).await.n, 3);
    nothing_waiting(&mut member);
}

#[tokio::test]
async fn an_atomic_request_publishes_only_when_it_commits() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir, true);
    let (app, channels) = app(&db, ChannelSettings::default());
    let client = twain::test::AsyncClient::new(app);
    let mut member = channels.join("notes").unwrap();
    assert_eq!(client.get("/atomic/500/").await.status(), 500);
    tokio::time::sleep(Duration::from_millis(50)).await;
    nothing_waiting(&mut member);
    assert_eq!(client.get("/atomic/201/").await.status(), 201);
    assert_eq!(next_note(&mut member).await.n, 201);
}

#[tokio::test]
async fn a_full_mailbox_reports_its_overflow() {
    let channels = Channels::in_process_with(ChannelSettings::default().mailbox_capacity(3));
    let mut slow = channels.join("g").unwrap();
    let mut other = channels.join("g").unwrap();
    other.join("h").unwrap();
    for n in 0..10 {
        channels.send("g", &n).unwrap();
    }
    channels.send("h", &"only other").unwrap();
    let mut got = Vec::new();
    while let Some(item) = slow.try_recv() {
        got.push(match item {
            Incoming::Message(m) => m.text().to_owned(),
            Incoming::Missed { count } => format!("missed {count}"),
            Incoming::Gap => "gap".into(),
        });
    }
    assert_eq!(got, ["0", "1", "2", "missed 7"]);
    assert!(matches!(other.recv().await, Incoming::Message(m) if m.text() == "0"));
    other.leave("g");
    assert_eq!(channels.local_members("g"), 1);
    assert!(matches!(
        channels.send("", &1),
        Err(ChannelError::BadGroup(_))
    ));
}

/// A sync task sends inside its own transaction, as a view does.
#[twain::tasks::task(atomic)]
fn note_from_sync_task(conn: Conn, task: twain::tasks::TaskInfo, n: u32) -> Result<(), Error> {
    conn.execute("INSERT INTO notes (text) VALUES ('from a sync task')", ())?;
    let channels = task
        .state::<Channels>()
        .ok_or_else(|| Error::internal("no channel layer in the app"))?;
    channels.send(
        "notes",
        &Note {
            n,
            text: "from a sync task".into(),
        },
    )?;
    Ok(())
}

#[twain::tasks::task]
async fn note_from_async_task(task: twain::tasks::TaskInfo, n: u32) -> Result<(), Error> {
    let channels = task
        .state::<Channels>()
        .ok_or_else(|| Error::internal("no channel layer in the app"))?;
    channels
        .publish(
            "notes",
            &Note {
                n,
                text: "from an async task".into(),
            },
        )
        .await?;
    Ok(())
}

#[view]
fn enqueue_notes(conn: Conn) -> Result<&'static str, Error> {
    note_from_sync_task { n: 7 }.enqueue(&conn)?;
    note_from_async_task { n: 8 }.enqueue(&conn)?;
    Ok("queued")
}

/// Tasks reach a group's members through the app's layer
/// (`TaskInfo::state`), sync and async, and only when they run: queueing
/// sends nothing.
#[tokio::test]
async fn sync_and_async_tasks_send_to_a_group() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir, false);
    let channels = Channels::for_database(&db, ChannelSettings::default()).unwrap();
    let app = App::new()
        .state(db.clone())
        .state(channels.clone())
        .route("enqueue/", enqueue_notes)
        .task::<note_from_sync_task>()
        .task::<note_from_async_task>();
    let client = twain::test::AsyncClient::new(app);
    let mut member = channels.join("notes").unwrap();
    assert_eq!(client.get("/enqueue/").await.text(), "queued");
    nothing_waiting(&mut member);
    assert_eq!(client.run_tasks().await, 2);
    let mut got = vec![next_note(&mut member).await, next_note(&mut member).await];
    got.sort_by_key(|note| note.n);
    assert_eq!(
        got,
        [
            Note {
                n: 7,
                text: "from a sync task".into()
            },
            Note {
                n: 8,
                text: "from an async task".into()
            }
        ]
    );
    nothing_waiting(&mut member);
}
