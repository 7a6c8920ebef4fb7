//! `twain::tasks` on PostgreSQL (`TWAIN_TEST_POSTGRES`; skips when unset, as
//! every PostgreSQL test does): a rolled-back transaction queues nothing, a
//! committed one's task runs; and two worker **processes** (this binary
//! re-executed as `tasks_pg_worker_child`, `App::run_worker`) drain 1,000
//! tasks with none lost and none run twice (claims are `FOR UPDATE SKIP
//! LOCKED`), both doing their share.

mod pg_common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use twain::db::{Conn, Database, Db, DbError};
use twain::prelude::*;
use twain::tasks::{Registry, Status, TaskId, TaskInfo, Worker, result_async};

const CHILD: &str = "TWAIN_TASKS_PG_CHILD";
const TASKS: usize = 1_000;

fn database(url: &str) -> Database {
    Database::postgres(url).postgres_migrations([
        "CREATE TABLE runs (task_id BIGINT NOT NULL, attempt BIGINT NOT NULL, pid BIGINT NOT NULL)",
    ])
}

/// Records which process ran which attempt; no uniqueness, so a task run
/// twice shows as two rows.
#[task]
fn note_run(conn: Conn, task: TaskInfo, n: i64) -> Result<i64, DbError> {
    conn.execute(
        "INSERT INTO runs (task_id, attempt, pid) VALUES (?1, ?2, ?3)",
        (task.id().0, task.attempt(), std::process::id()),
    )?;
    Ok(n)
}

#[test]
#[ignore = "run by the tests below as a child process"]
fn tasks_pg_worker_child() {
    let Ok(url) = std::env::var(CHILD) else {
        return;
    };
    App::new()
        .database(database(&url))
        .task::<note_run>()
        .task_workers(8)
        .configure_tasks(|w| w.poll_interval(Duration::from_millis(200)))
        .run_worker()
        .unwrap();
}

async fn one(db: &Db, sql: &'static str) -> i64 {
    db.run(move |conn| conn.query_one::<(i64,)>(sql, ()))
        .await
        .unwrap()
        .0
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rolled_back_transaction_queues_nothing_and_a_committed_one_runs() {
    let Some(url) = pg_common::fresh_schema("tasks_rollback") else {
        return;
    };
    let db = database(&url).open().unwrap();
    // Reading makes the queue's tables (outside any transaction).
    assert!(result_async(&db, TaskId(1)).await.unwrap().is_none());
    let rolled_back = db
        .atomic(|tx| {
            note_run { n: 1 }.enqueue(tx)?;
            Err::<(), _>(DbError::decode("the request fails"))
        })
        .await;
    assert!(rolled_back.is_err());
    assert_eq!(one(&db, "SELECT COUNT(*) FROM twain_tasks").await, 0);
    let id = db.atomic(|tx| note_run { n: 2 }.enqueue(tx)).await.unwrap();
    let worker = Worker::new(db.clone(), Registry::new().task::<note_run>());
    assert_eq!(worker.run_pending().await.unwrap(), 1);
    let r = result_async(&db, id).await.unwrap().unwrap();
    assert_eq!(r.status, Status::Succeeded);
    assert_eq!(r.value, Some(serde_json::json!(2)));
}

struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_worker_processes_drain_a_thousand_tasks_none_lost_none_twice() {
    let Some(url) = pg_common::fresh_schema("tasks_drain") else {
        return;
    };
    let db = database(&url).open().unwrap();
    let mut children = Children(Vec::new());
    for _ in 0..2 {
        children.0.push(
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--ignored",
                    "--exact",
                    "tasks_pg_worker_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD, &url)
                .env("RUST_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("the worker process starts"),
        );
    }
    // Queued in batches of 100 transactions' worth, while the workers run.
    for batch in 0..10 {
        db.atomic(move |tx| {
            for n in 0..100 {
                note_run { n: batch * 100 + n }.enqueue(tx)?;
            }
            Ok::<_, DbError>(())
        })
        .await
        .unwrap();
    }
    let started = Instant::now();
    loop {
        let done = one(
            &db,
            "SELECT COUNT(*) FROM twain_tasks WHERE status = 'succeeded'",
        )
        .await;
        if done == TASKS as i64 {
            break;
        }
        for child in &mut children.0 {
            assert!(child.try_wait().unwrap().is_none(), "a worker process died");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "only {done} of {TASKS} done"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        one(&db, "SELECT COUNT(*) FROM runs").await,
        TASKS as i64,
        "no task ran twice"
    );
    assert_eq!(
        one(&db, "SELECT COUNT(DISTINCT task_id) FROM runs").await,
        TASKS as i64,
        "none lost"
    );
    assert_eq!(one(&db, "SELECT COUNT(*) FROM twain_task_errors").await, 0);
    let per_process: Vec<(i64,)> = db
        .run(|conn| conn.all("SELECT COUNT(*) FROM runs GROUP BY pid ORDER BY 1", ()))
        .await
        .unwrap();
    assert_eq!(
        per_process.len(),
        2,
        "both processes ran tasks: {per_process:?}"
    );
    for child in &mut children.0 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "both workers are still healthy"
        );
    }
    eprintln!(
        "two workers drained {TASKS} tasks in {:?} ({per_process:?} per process)",
        started.elapsed()
    );
}
