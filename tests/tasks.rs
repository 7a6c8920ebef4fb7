//! `twain::tasks` on a real SQLite file: enqueue in a transaction (a rolled
//! back one queues nothing), options (delay, priority, unique key), the
//! worker's run of sync and async tasks with their stored arguments and
//! values, retries with their errors kept, a permanent error, a panic, a
//! timeout, results by id, pruning, and the test clients' `run_tasks`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use twain::db::{Conn, Database, Db, DbError, M, Migrations};
use twain::prelude::*;
use twain::tasks::{Registry, Status, TaskError, TaskInfo, Worker, result, result_async, task};

fn database(dir: &tempfile::TempDir) -> Database {
    Database::sqlite(dir.path().join("app.db")).migrations(Migrations::new(vec![M::up(
        "CREATE TABLE done (id INTEGER PRIMARY KEY, what TEXT NOT NULL);",
    )]))
}

fn open(dir: &tempfile::TempDir) -> Db {
    database(dir).open().unwrap()
}

#[task]
fn record(conn: Conn, what: String, times: u32) -> Result<usize, DbError> {
    for _ in 0..times {
        conn.execute("INSERT INTO done (what) VALUES (?1)", (&what,))?;
    }
    Ok(times as usize)
}

#[task(name = "add_numbers")]
async fn add(a: i64, b: i64) -> i64 {
    tokio::task::yield_now().await;
    a + b
}

static FLAKY_CALLS: AtomicU32 = AtomicU32::new(0);

/// Fails its first two attempts.
#[task(max_attempts = 3)]
fn flaky(task: TaskInfo) -> Result<u32, String> {
    FLAKY_CALLS.fetch_add(1, Ordering::SeqCst);
    if task.attempt() < 3 {
        return Err(format!("attempt {} fails", task.attempt()));
    }
    Ok(task.attempt())
}

#[task(max_attempts = 2)]
fn always_fails() -> Result<(), String> {
    Err("no luck".to_owned())
}

#[task(max_attempts = 5)]
fn hopeless() -> Result<(), TaskError> {
    Err(TaskError::permanent("the input is wrong"))
}

#[task(max_attempts = 1)]
fn panics() {
    panic!("the task panicked on purpose");
}

#[task(max_attempts = 1, timeout_secs = 1)]
async fn too_slow() {
    tokio::time::sleep(Duration::from_secs(30)).await;
}

static ORDER: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[task(queue = "ordered")]
fn ordered(label: String) {
    ORDER.lock().unwrap().push(label);
}

/// Writes, then fails on its first attempt: in an atomic task the write
/// goes with the failure.
#[task(atomic, max_attempts = 2)]
fn atomic_write(conn: Conn, task: TaskInfo, what: String) -> Result<u32, DbError> {
    conn.execute("INSERT INTO done (what) VALUES (?1)", (&what,))?;
    if task.attempt() == 1 {
        return Err(DbError::decode("the first attempt fails after its write"));
    }
    Ok(task.attempt())
}

fn registry() -> Registry {
    Registry::new()
        .task::<atomic_write>()
        .task::<record>()
        .task::<add>()
        .task::<flaky>()
        .task::<always_fails>()
        .task::<hopeless>()
        .task::<panics>()
        .task::<too_slow>()
        .task::<ordered>()
}

fn worker(db: &Db) -> Worker {
    Worker::new(db.clone(), registry()).backoff(Duration::ZERO, Duration::ZERO)
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    db.run(move |conn| conn.query_one::<(i64,)>(sql, ()))
        .await
        .unwrap()
        .0
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sync_task_runs_with_its_arguments_and_keeps_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let id = record {
        what: "hello".into(),
        times: 3,
    }
    .enqueue_async(&db)
    .await
    .unwrap();
    let queued = result_async(&db, id).await.unwrap().unwrap();
    assert_eq!(queued.status, Status::Ready);
    assert_eq!(queued.name, "record");
    assert_eq!(queued.attempts, 0);

    assert_eq!(worker(&db).run_pending().await.unwrap(), 1);
    let done = result_async(&db, id).await.unwrap().unwrap();
    assert_eq!(done.status, Status::Succeeded);
    assert_eq!(done.attempts, 1);
    assert_eq!(done.value_as::<usize>().unwrap().unwrap(), 3);
    assert!(done.errors.is_empty());
    assert!(done.started_at.is_some() && done.finished_at >= done.started_at);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM done WHERE what = 'hello'").await,
        3
    );
    assert_eq!(worker(&db).run_pending().await.unwrap(), 0, "it ran once");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_async_task_runs_under_its_stable_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let id = add { a: 2, b: 40 }.enqueue_async(&db).await.unwrap();
    worker(&db).run_pending().await.unwrap();
    let done = result_async(&db, id).await.unwrap().unwrap();
    assert_eq!(done.name, "add_numbers");
    assert_eq!(done.value, Some(serde_json::json!(42)));
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_retry_up_to_max_attempts_and_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let w = worker(&db);
    let ok = flaky {}.enqueue_async(&db).await.unwrap();
    let dead = always_fails {}.enqueue_async(&db).await.unwrap();
    let permanent = hopeless {}.enqueue_async(&db).await.unwrap();
    let panicked = panics {}.enqueue_async(&db).await.unwrap();
    // Zero backoff: each retry is due at once, so one drain runs them all.
    assert_eq!(w.run_pending().await.unwrap(), 3 + 2 + 1 + 1);

    let ok = result_async(&db, ok).await.unwrap().unwrap();
    assert_eq!(ok.status, Status::Succeeded);
    assert_eq!(ok.attempts, 3);
    assert_eq!(ok.value, Some(serde_json::json!(3)));
    let messages: Vec<_> = ok
        .errors
        .iter()
        .map(|e| (e.attempt, e.message.as_str()))
        .collect();
    assert_eq!(messages, [(1, "attempt 1 fails"), (2, "attempt 2 fails")]);

    let dead = result_async(&db, dead).await.unwrap().unwrap();
    assert_eq!(dead.status, Status::Failed);
    assert_eq!(dead.attempts, 2);
    assert_eq!(dead.errors.len(), 2);
    assert!(dead.finished_at.is_some());

    let permanent = result_async(&db, permanent).await.unwrap().unwrap();
    assert_eq!(permanent.status, Status::Failed);
    assert_eq!(permanent.attempts, 1, "a permanent error is not retried");
    assert_eq!(permanent.errors[0].message, "the input is wrong");

    let panicked = result_async(&db, panicked).await.unwrap().unwrap();
    assert_eq!(panicked.status, Status::Failed);
    assert!(
        panicked.errors[0]
            .message
            .contains("the task panicked on purpose"),
        "{:?}",
        panicked.errors
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_waits_for_its_backoff() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let w = Worker::new(db.clone(), registry())
        .backoff(Duration::from_secs(60), Duration::from_secs(60));
    let id = always_fails {}.enqueue_async(&db).await.unwrap();
    assert_eq!(
        w.run_pending().await.unwrap(),
        1,
        "the retry is not due yet"
    );
    let r = result_async(&db, id).await.unwrap().unwrap();
    assert_eq!((r.status, r.attempts), (Status::Ready, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_attempt_over_its_timeout_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let id = too_slow {}.enqueue_async(&db).await.unwrap();
    let started = std::time::Instant::now();
    worker(&db).run_pending().await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    let r = result_async(&db, id).await.unwrap().unwrap();
    assert_eq!(r.status, Status::Failed);
    assert!(r.errors[0].message.contains("timed out"), "{:?}", r.errors);
}

#[tokio::test(flavor = "multi_thread")]
async fn options_delay_priority_queue_and_unique_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let later = ordered {
        label: "later".into(),
    }
    .options()
    .delay(Duration::from_secs(3600))
    .enqueue_async(&db)
    .await
    .unwrap();
    ordered {
        label: "low".into(),
    }
    .enqueue_async(&db)
    .await
    .unwrap();
    ordered {
        label: "high".into(),
    }
    .options()
    .priority(10)
    .enqueue_async(&db)
    .await
    .unwrap();
    let first = ordered {
        label: "unique".into(),
    }
    .options()
    .unique("the-key")
    .enqueue_async(&db)
    .await
    .unwrap();
    let second = ordered {
        label: "unique again".into(),
    }
    .options()
    .unique("the-key")
    .enqueue_async(&db)
    .await
    .unwrap();
    assert_eq!(first, second, "one live task per key");

    // A worker of another queue takes none of them.
    let other = worker(&db).queues(["elsewhere"]);
    assert_eq!(other.run_pending().await.unwrap(), 0);
    ORDER.lock().unwrap().clear();
    assert_eq!(
        worker(&db).queues(["ordered"]).run_pending().await.unwrap(),
        3
    );
    assert_eq!(*ORDER.lock().unwrap(), ["high", "low", "unique"]);
    assert_eq!(
        result_async(&db, later).await.unwrap().unwrap().status,
        Status::Ready
    );

    // Done, the key is free again.
    let third = ordered {
        label: "unique, later".into(),
    }
    .options()
    .unique("the-key")
    .enqueue_async(&db)
    .await
    .unwrap();
    assert_ne!(third, first);
}

#[view]
fn enqueue_then(
    conn: Conn,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<String, Error> {
    let id = record {
        what: "from a request".into(),
        times: 1,
    }
    .enqueue(&conn)?;
    match q.get("then").map(String::as_str) {
        Some("fail") => Err(Error::internal("the request fails after enqueuing")),
        _ => Ok(id.to_string()),
    }
}

#[test]
fn a_rolled_back_request_queues_nothing_and_a_committed_one_runs_on_demand() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir).atomic_requests(true))
        .route("enqueue/", enqueue_then)
        .task::<record>();
    let client = twain::test::Client::new(app);
    assert_eq!(client.get("/enqueue/?then=fail").status(), 500);
    let ok = client.get("/enqueue/");
    assert_eq!(ok.status(), 200);
    let id = twain::tasks::TaskId(ok.text().parse().unwrap());
    let ids: Vec<(i64,)> = client.blocking(|cx| {
        let db = open(&dir);
        db.conn(cx)
            .unwrap()
            .all("SELECT id FROM twain_tasks", ())
            .unwrap()
    });
    assert_eq!(ids, [(id.0,)], "only the committed request's task exists");

    assert_eq!(client.run_tasks(), 1);
    let r = client.task_result(id).expect("the task is there");
    assert_eq!(r.status, Status::Succeeded);
    assert_eq!(client.run_tasks(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn results_read_from_sync_code_and_finished_tasks_are_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let id = add { a: 1, b: 1 }.enqueue_async(&db).await.unwrap();
    worker(&db).run_pending().await.unwrap();
    let status = db
        .run(move |conn| Ok::<_, DbError>(result(conn, id)?.map(|r| r.status)))
        .await
        .unwrap();
    assert_eq!(status, Some(Status::Succeeded));
    let kept = db
        .run(|conn| twain::tasks::prune(conn, Duration::from_secs(3600)))
        .await
        .unwrap();
    assert_eq!(kept, 0, "finished just now: kept");
    tokio::time::sleep(Duration::from_millis(20)).await;
    let pruned = db
        .run(|conn| twain::tasks::prune(conn, Duration::from_millis(1)))
        .await
        .unwrap();
    assert_eq!(pruned, 1);
    assert!(result_async(&db, id).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_atomic_tasks_writes_commit_with_its_completion_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir);
    let id = atomic_write {
        what: "atomic".into(),
    }
    .enqueue_async(&db)
    .await
    .unwrap();
    assert_eq!(worker(&db).run_pending().await.unwrap(), 2);
    let r = result_async(&db, id).await.unwrap().unwrap();
    assert_eq!((r.status, r.attempts), (Status::Succeeded, 2));
    assert_eq!(r.errors.len(), 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM done WHERE what = 'atomic'").await,
        1,
        "the failed attempt's write was rolled back with it"
    );
}
