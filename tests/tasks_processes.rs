//! Task workers as real processes on a SQLite file: this test binary
//! re-executed as `tasks_worker_child` (`App::run_worker`, the code path of
//! `cargo run --example blog -- worker`). A worker killed with SIGKILL in
//! the middle of a task leaves it to run again once its lease ran out
//! ("lease expired" recorded, attempt 2), and the task's effect, keyed by
//! the task's id, happens once. SIGTERM lets a running task finish within
//! the grace period, and hands back one that does not. An `atomic` task
//! killed between its write and its commit leaves no write: its second
//! attempt's is the only one.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use twain::db::{Conn, Database, Db, DbError, M, Migrations};
use twain::prelude::*;
use twain::tasks::{Status, TaskId, TaskInfo, result};

const CHILD: &str = "TWAIN_TASKS_CHILD_DB";

fn database(path: &Path) -> Database {
    Database::sqlite(path).migrations(Migrations::new(vec![M::up(
        "CREATE TABLE effects (task_id INTEGER PRIMARY KEY, attempt INTEGER NOT NULL);
         CREATE TABLE started (task_id INTEGER NOT NULL, attempt INTEGER NOT NULL, pid INTEGER NOT NULL);
         CREATE TABLE atomic_effects (task_id INTEGER NOT NULL, attempt INTEGER NOT NULL);",
    )]))
}

/// Records that it started, does its effect once per task id (the
/// idempotency key), then, on its first start only, takes `millis` (so a
/// test can kill or stop the worker meanwhile).
#[task(max_attempts = 3)]
fn slow_effect(conn: Conn, task: TaskInfo, millis: u64) -> Result<u32, DbError> {
    let (before,): (i64,) = conn.query_one(
        "SELECT COUNT(*) FROM started WHERE task_id = ?1",
        (task.id().0,),
    )?;
    conn.execute(
        "INSERT INTO started (task_id, attempt, pid) VALUES (?1, ?2, ?3)",
        (task.id().0, task.attempt(), std::process::id()),
    )?;
    conn.execute(
        "INSERT INTO effects (task_id, attempt) VALUES (?1, ?2) ON CONFLICT (task_id) DO NOTHING",
        (task.id().0, task.attempt()),
    )?;
    if before == 0 {
        std::thread::sleep(Duration::from_millis(millis));
    }
    Ok(task.attempt())
}

/// An atomic task: its write and its completion commit together. On its
/// first start (a marker file says) it waits between the write and the
/// commit, for a test to kill its process there.
#[task(atomic, max_attempts = 3)]
fn atomic_effect(conn: Conn, task: TaskInfo, marker: String) -> Result<u32, DbError> {
    conn.execute(
        "INSERT INTO atomic_effects (task_id, attempt) VALUES (?1, ?2)",
        (task.id().0, task.attempt()),
    )?;
    if std::fs::metadata(&marker).is_err() {
        std::fs::write(&marker, b"written, not committed").unwrap();
        std::thread::sleep(Duration::from_secs(60));
    }
    Ok(task.attempt())
}

/// The worker process: `App::run_worker` until SIGTERM.
#[test]
#[ignore = "run by the tests below as a child process"]
fn tasks_worker_child() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    let grace: u64 = std::env::var("TWAIN_TASKS_GRACE_MS")
        .unwrap()
        .parse()
        .unwrap();
    App::new()
        .database(database(Path::new(&path)))
        .task::<slow_effect>()
        .task::<atomic_effect>()
        .configure_tasks(move |w| {
            w.lease(Duration::from_millis(900))
                .poll_interval(Duration::from_millis(50))
                .grace(Duration::from_millis(grace))
        })
        .run_worker()
        .unwrap();
}

struct Worker(Child);

impl Worker {
    fn start(db: &Path, grace_ms: u64) -> Worker {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "tasks_worker_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, db)
            .env("TWAIN_TASKS_GRACE_MS", grace_ms.to_string())
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the worker process starts");
        Worker(child)
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.0.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for it to exit, at most `within`.
    fn exit_within(&mut self, within: Duration) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < within,
                "the worker did not exit within {within:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn db_file() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tasks.db");
    let db = database(&path).open().unwrap();
    (dir, path, db)
}

fn with_conn<T>(db: &Db, f: impl FnOnce(&Conn) -> T) -> T {
    twain::test::Client::new(App::new()).blocking(|cx| f(&db.conn(cx).unwrap()))
}

/// Waits until `check` holds, at most `within`.
fn wait_for(what: &str, within: Duration, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < within, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn started(db: &Db, id: TaskId) -> Vec<(i64, i64)> {
    with_conn(db, |conn| {
        conn.all(
            "SELECT attempt, pid FROM started WHERE task_id = ?1 ORDER BY attempt",
            (id.0,),
        )
        .unwrap()
    })
}

fn enqueue(db: &Db, millis: u64) -> TaskId {
    with_conn(db, |conn| slow_effect { millis }.enqueue(conn).unwrap())
}

#[test]
fn a_worker_killed_mid_task_leaves_it_to_run_again_once_in_effect() {
    let (_dir, path, db) = db_file();
    let id = enqueue(&db, 60_000);
    let mut first = Worker::start(&path, 1_000);
    wait_for(
        "the first attempt to start",
        Duration::from_secs(30),
        || !started(&db, id).is_empty(),
    );
    first.signal("-KILL");
    first.exit_within(Duration::from_secs(5));
    let r = with_conn(&db, |conn| result(conn, id).unwrap().unwrap());
    assert_eq!(
        (r.status, r.attempts),
        (Status::Running, 1),
        "the dead worker's lease still holds it"
    );

    let _second = Worker::start(&path, 1_000);
    wait_for("the task to succeed", Duration::from_secs(30), || {
        with_conn(&db, |conn| result(conn, id).unwrap().unwrap()).status == Status::Succeeded
    });
    let r = with_conn(&db, |conn| result(conn, id).unwrap().unwrap());
    assert_eq!(r.attempts, 2);
    assert_eq!(r.value, Some(serde_json::json!(2)));
    let errors: Vec<_> = r
        .errors
        .iter()
        .map(|e| (e.attempt, e.message.as_str()))
        .collect();
    assert_eq!(errors, [(1, "lease expired")]);
    let runs = started(&db, id);
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_ne!(
        runs[0].1, runs[1].1,
        "the second attempt ran in the second process"
    );
    let effects: Vec<(i64,)> = with_conn(&db, |conn| {
        conn.all("SELECT attempt FROM effects WHERE task_id = ?1", (id.0,))
            .unwrap()
    });
    assert_eq!(
        effects,
        [(1,)],
        "the effect keyed by the task id happened once"
    );
}

#[test]
fn sigterm_lets_a_running_task_finish_within_the_grace_period() {
    let (_dir, path, db) = db_file();
    let id = enqueue(&db, 700);
    let mut worker = Worker::start(&path, 10_000);
    wait_for("the attempt to start", Duration::from_secs(30), || {
        !started(&db, id).is_empty()
    });
    worker.signal("-TERM");
    let status = worker.exit_within(Duration::from_secs(10));
    assert!(status.success(), "{status}");
    let r = with_conn(&db, |conn| result(conn, id).unwrap().unwrap());
    assert_eq!((r.status, r.attempts), (Status::Succeeded, 1));
}

#[test]
fn sigterm_hands_back_a_task_that_outlasts_the_grace_period() {
    let (_dir, path, db) = db_file();
    let id = enqueue(&db, 60_000);
    let later = enqueue(&db, 0);
    let mut worker = Worker::start(&path, 300);
    wait_for("the attempt to start", Duration::from_secs(30), || {
        !started(&db, id).is_empty()
    });
    worker.signal("-TERM");
    let status = worker.exit_within(Duration::from_secs(10));
    assert!(status.success(), "{status}");
    let r = with_conn(&db, |conn| result(conn, id).unwrap().unwrap());
    assert_eq!(
        (r.status, r.attempts),
        (Status::Ready, 0),
        "handed back, its attempt not counted"
    );
    // Concurrency 4: the quick one ran meanwhile, or is still queued; a new
    // worker finishes both.
    let _next = Worker::start(&path, 300);
    wait_for("both tasks to succeed", Duration::from_secs(30), || {
        with_conn(&db, |conn| {
            [id, later]
                .iter()
                .all(|id| result(conn, *id).unwrap().unwrap().status == Status::Succeeded)
        })
    });
}

#[test]
fn an_atomic_task_killed_between_its_write_and_its_commit_writes_once() {
    let (dir, path, db) = db_file();
    let marker = dir.path().join("written").to_string_lossy().into_owned();
    let id = with_conn(&db, |conn| {
        atomic_effect {
            marker: marker.clone(),
        }
        .enqueue(conn)
        .unwrap()
    });
    let mut first = Worker::start(&path, 1_000);
    wait_for("the write", Duration::from_secs(30), || {
        Path::new(&marker).exists()
    });
    first.signal("-KILL");
    first.exit_within(Duration::from_secs(5));

    let _second = Worker::start(&path, 1_000);
    wait_for("the task to succeed", Duration::from_secs(30), || {
        with_conn(&db, |conn| result(conn, id).unwrap().unwrap()).status == Status::Succeeded
    });
    let r = with_conn(&db, |conn| result(conn, id).unwrap().unwrap());
    assert_eq!(r.attempts, 2);
    let effects: Vec<(i64,)> = with_conn(&db, |conn| {
        conn.all(
            "SELECT attempt FROM atomic_effects WHERE task_id = ?1",
            (id.0,),
        )
        .unwrap()
    });
    assert_eq!(
        effects,
        [(2,)],
        "the killed attempt's write never committed"
    );
}
