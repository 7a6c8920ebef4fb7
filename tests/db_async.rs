//! The async API of `twain::db` against a real SQLite file in a temp dir:
//! `db.run` hands back the closure's value and error, `db.atomic` commits and
//! rolls back, `db.stream` yields every row in order, constraint violations
//! map to 409, an exhausted pool answers 503 with `Retry-After`, a broken
//! migration stops the app from building.

use std::time::Duration;

use futures_util::StreamExt;
use twain::db::{Database, Db, DbError, FromRow, M, Migrations};
use twain::prelude::*;
use twain::test::AsyncClient;

#[derive(FromRow, Debug, PartialEq)]
struct Note {
    id: i64,
    text: String,
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);",
    )])
}

fn database(dir: &tempfile::TempDir) -> Database {
    Database::sqlite(dir.path().join("app.db")).migrations(migrations())
}

#[view]
async fn add(
    db: Db,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<String, Error> {
    let text = q.get("text").cloned().unwrap_or_default();
    let id = db
        .run(move |conn| {
            conn.execute("INSERT INTO notes (text) VALUES (?1)", (text,))?;
            Ok::<_, DbError>(conn.last_insert_rowid())
        })
        .await
        .map_err(|err| err.on_constraint(StatusCode::CONFLICT, "that note exists"))?;
    Ok(id.to_string())
}

#[view]
async fn show(db: Db, id: i64) -> Result<String, DbError> {
    let note = db
        .run(move |conn| conn.query_one::<Note>("SELECT id, text FROM notes WHERE id = ?1", (id,)))
        .await?;
    Ok(note.text)
}

#[view]
async fn two_then_fail(db: Db) -> Result<&'static str, DbError> {
    db.atomic(|tx| {
        tx.execute("INSERT INTO notes (text) VALUES ('first')", ())?;
        tx.execute("INSERT INTO notes (text) VALUES ('first')", ())?; // UNIQUE: fails
        Ok("unreachable")
    })
    .await
}

#[view]
async fn two(db: Db) -> Result<&'static str, DbError> {
    db.atomic(|tx| {
        tx.execute("INSERT INTO notes (text) VALUES ('a')", ())?;
        tx.execute("INSERT INTO notes (text) VALUES ('b')", ())?;
        Ok("ok")
    })
    .await
}

#[view]
async fn count(db: Db) -> Result<String, DbError> {
    let mut rows = db.stream::<Note>("SELECT id, text FROM notes ORDER BY id", ());
    let mut n = 0;
    while let Some(note) = rows.next().await {
        note?;
        n += 1;
    }
    Ok(n.to_string())
}

#[view]
async fn hold(db: Db) -> Result<&'static str, DbError> {
    db.run(|_conn| {
        std::thread::sleep(Duration::from_millis(600));
        Ok::<_, DbError>("held")
    })
    .await
}

fn app(dir: &tempfile::TempDir) -> App {
    App::new()
        .database(database(dir))
        .route("add/", add)
        .route("notes/<int:id>/", show)
        .route("fail/", two_then_fail)
        .route("two/", two)
        .route("count/", count)
}

#[tokio::test]
async fn run_returns_the_value_and_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let client = AsyncClient::new(app(&dir));
    assert_eq!(client.get("/add/?text=hello").await.text(), "1");
    assert_eq!(client.get("/notes/1/").await.text(), "hello");
    let missing = client.get("/notes/9/").await;
    assert_eq!(missing.status(), 404, "no row is a 404");
    let dup = client.get("/add/?text=hello").await;
    assert_eq!(dup.status(), 409, "the constraint was mapped to 409");
    assert_eq!(dup.text(), "that note exists");
}

#[tokio::test]
async fn atomic_commits_on_ok_and_rolls_back_on_err() {
    let dir = tempfile::tempdir().unwrap();
    let client = AsyncClient::new(app(&dir));
    // An unmapped UNIQUE violation is a 409 of its own.
    assert_eq!(client.get("/fail/").await.status(), 409);
    assert_eq!(
        client.get("/count/").await.text(),
        "0",
        "the first insert was rolled back"
    );
    assert_eq!(client.get("/two/").await.text(), "ok");
    assert_eq!(client.get("/count/").await.text(), "2");
}

#[tokio::test]
async fn stream_yields_every_row_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).open().unwrap();
    db.run(|conn| {
        conn.atomic(|tx| {
            for i in 0..1000 {
                tx.execute(
                    "INSERT INTO notes (id, text) VALUES (?1, ?2)",
                    (i, format!("n{i}")),
                )?;
            }
            Ok::<_, DbError>(())
        })
    })
    .await
    .unwrap();
    let rows: Vec<Note> = db
        .stream::<Note>(
            "SELECT id, text FROM notes WHERE id >= ?1 ORDER BY id",
            (10,),
        )
        .map(|row| row.unwrap())
        .collect()
        .await;
    assert_eq!(rows.len(), 990);
    assert_eq!(
        rows[0],
        Note {
            id: 10,
            text: "n10".into()
        }
    );
    assert_eq!(rows[989].id, 999);
    // A bad query is an error item, then the end.
    let mut bad = db.stream::<Note>("SELECT nope FROM notes", ());
    assert!(bad.next().await.unwrap().is_err());
    assert!(bad.next().await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exhausted_pool_answers_503_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(
            database(&dir)
                .pool_size(1)
                .checkout_wait(Duration::from_millis(100)),
        )
        .route("hold/", hold)
        .route("notes/<int:id>/", show);
    let client = std::sync::Arc::new(AsyncClient::new(app));
    let holder = {
        let client = client.clone();
        tokio::spawn(async move { client.get("/hold/").await.text() })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    let busy = client.get("/notes/1/").await;
    assert_eq!(busy.status(), 503);
    assert_eq!(busy.header("retry-after"), Some("1"));
    assert_eq!(holder.await.unwrap(), "held");
    assert_eq!(
        client.get("/notes/1/").await.status(),
        404,
        "the connection came back"
    );
}

#[test]
fn a_failing_migration_stops_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let broken = Migrations::new(vec![M::up("CREATE TABLE broken (")]);
    let app = App::new()
        .database(Database::sqlite(dir.path().join("x.db")).migrations(broken))
        .route("count/", count);
    let err = twain::test::Client::try_new(app)
        .err()
        .expect("the build must fail");
    assert!(err.to_string().contains("migration"), "{err}");
}

#[test]
fn every_connection_is_in_wal_mode_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir)
        .busy_timeout(Duration::from_millis(1234))
        .open()
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (mode, fk, timeout) = runtime
        .block_on(db.run(|conn| {
            let (mode,): (String,) = conn.query_one("PRAGMA journal_mode", ())?;
            let (fk,): (i64,) = conn.query_one("PRAGMA foreign_keys", ())?;
            // All of rusqlite is still there, through `Conn::sqlite`.
            let raw = conn.sqlite().expect("a SQLite connection");
            let timeout: i64 = raw.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
            Ok::<_, DbError>((mode, fk, timeout))
        }))
        .unwrap();
    assert_eq!((mode.as_str(), fk, timeout), ("wal", 1, 1234));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_held_past_busy_timeout_is_a_503_and_the_write_waits_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir).busy_timeout(Duration::from_millis(200)))
        .route("add/", add);
    let client = std::sync::Arc::new(AsyncClient::new(app));
    // Another process's writer, as far as SQLite can tell: its own connection.
    let other = twain::db::rusqlite::Connection::open(dir.path().join("app.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let locked = client.get("/add/?text=a").await;
    assert_eq!(locked.status(), 503, "{}", locked.text());
    assert_eq!(locked.header("retry-after"), Some("1"));
    // Released within the timeout: the write waits for it and succeeds.
    let waiting = {
        let client = client.clone();
        tokio::spawn(async move { client.get("/add/?text=b").await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    other.execute_batch("COMMIT").unwrap();
    let done = waiting.await.unwrap();
    assert_eq!(done.status(), 200, "{}", done.text());
}
