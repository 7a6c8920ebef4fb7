//! The queue's tables and every statement on them, in SQL both SQLite and
//! PostgreSQL run (twain's placeholders are `?N` on both): `twain_tasks`, one
//! row per task, and `twain_task_errors`, one row per failed attempt.
//! Times are milliseconds since the Unix epoch, read from the clock of the
//! process that writes them.
//!
//! The tables are created by twain itself ([`ensure`]), once per pool, on
//! the first enqueue or when a worker starts: `CREATE … IF NOT EXISTS`, so a
//! second process finds them made (on PostgreSQL under an advisory lock, as
//! two concurrent `CREATE TABLE IF NOT EXISTS` can collide).

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[cfg(feature = "postgres")]
use crate::db::Backend;
use crate::db::{Conn, DbError, ToParam, Value};

/// Statuses as stored.
pub(crate) const READY: &str = "ready";
pub(crate) const RUNNING: &str = "running";
pub(crate) const SUCCEEDED: &str = "succeeded";

/// The message recorded when a task's lease ran out before it finished.
pub(crate) const LEASE_EXPIRED: &str = "lease expired";

const SQLITE_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS twain_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    queue TEXT NOT NULL,
    args TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER NOT NULL,
    run_after INTEGER NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    timeout_ms INTEGER NOT NULL,
    lease_until INTEGER,
    unique_key TEXT,
    enqueued_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    result TEXT
);
CREATE INDEX IF NOT EXISTS twain_tasks_claim ON twain_tasks (status, queue, priority DESC, run_after, id);
CREATE UNIQUE INDEX IF NOT EXISTS twain_tasks_unique ON twain_tasks (unique_key)
    WHERE unique_key IS NOT NULL AND status IN ('ready', 'running');
CREATE TABLE IF NOT EXISTS twain_task_errors (
    task_id INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS twain_task_errors_task ON twain_task_errors (task_id);
";

#[cfg(feature = "postgres")]
const POSTGRES_SCHEMA: &str = "
SELECT pg_advisory_xact_lock(7526411283028406632);
CREATE TABLE IF NOT EXISTS twain_tasks (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    queue TEXT NOT NULL,
    args TEXT NOT NULL,
    status TEXT NOT NULL,
    priority BIGINT NOT NULL,
    run_after BIGINT NOT NULL,
    attempt BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    timeout_ms BIGINT NOT NULL,
    lease_until BIGINT,
    unique_key TEXT,
    enqueued_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    result TEXT
);
CREATE INDEX IF NOT EXISTS twain_tasks_claim ON twain_tasks (status, queue, priority DESC, run_after, id);
CREATE UNIQUE INDEX IF NOT EXISTS twain_tasks_unique ON twain_tasks (unique_key)
    WHERE unique_key IS NOT NULL AND status IN ('ready', 'running');
CREATE TABLE IF NOT EXISTS twain_task_errors (
    task_id BIGINT NOT NULL,
    attempt BIGINT NOT NULL,
    at BIGINT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS twain_task_errors_task ON twain_task_errors (task_id);
";

/// The PostgreSQL channel an enqueue notifies and idle workers listen on.
#[cfg(feature = "postgres")]
pub(crate) const CHANNEL: &str = "twain_tasks";

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

pub(crate) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The pools whose tables are known to exist.
static MADE: Mutex<Option<HashSet<usize>>> = Mutex::new(None);

/// Creates the queue's tables if they are missing. Inside a transaction the
/// creation commits with it, so the pool is marked done only when it ran
/// outside one (a rolled-back request leaves the next call to make them).
pub(crate) fn ensure(conn: &Conn) -> Result<(), DbError> {
    let id = conn.db().shared.id;
    let made = |set: &Option<HashSet<usize>>| set.as_ref().is_some_and(|s| s.contains(&id));
    if made(&MADE.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(());
    }
    let outside = conn.is_autocommit();
    #[cfg(feature = "postgres")]
    let schema = match conn.backend() {
        Backend::Postgres => POSTGRES_SCHEMA,
        _ => SQLITE_SCHEMA,
    };
    #[cfg(not(feature = "postgres"))]
    let schema = SQLITE_SCHEMA;
    // Present already (the common case): no DDL, whose locks would be held
    // to the end of the caller's transaction.
    #[cfg(feature = "postgres")]
    let present = match conn.backend() {
        Backend::Postgres => {
            "SELECT COUNT(*) FROM pg_class WHERE relname = 'twain_task_errors_task' AND pg_table_is_visible(oid)"
        }
        _ => "SELECT COUNT(*) FROM sqlite_master WHERE name = 'twain_task_errors_task'",
    };
    #[cfg(not(feature = "postgres"))]
    let present = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'twain_task_errors_task'";
    let (found,): (i64,) = conn.query_one(present, ())?;
    if found == 0 {
        conn.atomic(|tx| tx.execute_batch(schema))?;
    }
    if outside {
        MADE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(HashSet::new)
            .insert(id);
    }
    Ok(())
}

/// A new row, as `Enqueue` builds it.
pub(crate) struct NewTask<'a> {
    pub(crate) name: &'a str,
    pub(crate) queue: &'a str,
    pub(crate) args: &'a str,
    pub(crate) priority: i64,
    pub(crate) run_after: i64,
    pub(crate) max_attempts: i64,
    pub(crate) timeout_ms: i64,
    pub(crate) unique_key: Option<&'a str>,
}

/// Inserts a task on `conn`, in its transaction if one is open; on
/// PostgreSQL also `NOTIFY`s the workers, delivered when that transaction
/// commits. With a unique key already held by a live task, inserts nothing
/// and returns that task's id.
pub(crate) fn insert(conn: &Conn, task: &NewTask<'_>) -> Result<i64, DbError> {
    ensure(conn)?;
    let now = now_ms();
    let inserted: Option<(i64,)> = conn.get(
        "INSERT INTO twain_tasks (name, queue, args, status, priority, run_after, max_attempts, timeout_ms, unique_key, enqueued_at)
         VALUES (?1, ?2, ?3, 'ready', ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT DO NOTHING RETURNING id",
        (
            task.name,
            task.queue,
            task.args,
            task.priority,
            task.run_after,
            task.max_attempts,
            task.timeout_ms,
            task.unique_key,
            now,
        ),
    )?;
    let id = match inserted {
        Some((id,)) => id,
        None => {
            let (id,): (i64,) = conn.query_one(
                "SELECT id FROM twain_tasks WHERE unique_key = ?1 AND status IN ('ready', 'running')",
                (task.unique_key,),
            )?;
            return Ok(id);
        }
    };
    #[cfg(feature = "postgres")]
    if conn.backend() == Backend::Postgres {
        conn.execute("SELECT pg_notify(?1, ?2)", (CHANNEL, task.queue))?;
    }
    Ok(id)
}

/// A task a worker claimed: what it needs to run it.
#[derive(Debug, Clone)]
pub(crate) struct Claimed {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) args: String,
    pub(crate) attempt: i64,
    pub(crate) max_attempts: i64,
    pub(crate) timeout_ms: i64,
}

/// Claims the next task due on one of `queues` (all when empty) whose name
/// `runs` (the worker's registry knows it), or whose lease ran out: one
/// transaction (`BEGIN IMMEDIATE` on SQLite, the row locked `FOR UPDATE SKIP
/// LOCKED` on PostgreSQL, so two workers never claim one row). A task whose
/// lease ran out gets "lease expired" recorded against its attempt, then runs
/// again, or fails when that was its last.
pub(crate) fn claim(
    conn: &Conn,
    queues: &[String],
    names: &[&'static str],
    lease: Duration,
) -> Result<Option<Claimed>, DbError> {
    let now = now_ms();
    #[cfg(feature = "postgres")]
    let skip_locked = match conn.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        _ => "",
    };
    #[cfg(not(feature = "postgres"))]
    let skip_locked = "";
    let list = |from: usize, n: usize| {
        (from..from + n)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut sql = format!(
        "SELECT id, name, args, status, attempt, max_attempts, timeout_ms FROM twain_tasks
         WHERE ((status = 'ready' AND run_after <= ?1) OR (status = 'running' AND lease_until < ?1))
           AND name IN ({})",
        list(2, names.len())
    );
    let mut params: Vec<Value> = vec![now.to_param()];
    params.extend(names.iter().map(|n| n.to_param()));
    if !queues.is_empty() {
        sql.push_str(&format!(
            " AND queue IN ({})",
            list(2 + names.len(), queues.len())
        ));
        params.extend(queues.iter().map(|q| q.to_param()));
    }
    sql.push_str(" ORDER BY priority DESC, run_after, id LIMIT 1");
    sql.push_str(skip_locked);
    if names.is_empty() {
        return Ok(None);
    }
    conn.atomic(|tx| {
        type Row = (i64, String, String, String, i64, i64, i64);
        let Some((id, name, args, status, attempt, max_attempts, timeout_ms)) =
            tx.get::<Row>(&sql, params)?
        else {
            return Ok(None);
        };
        if status == RUNNING {
            record_error(tx, id, attempt, LEASE_EXPIRED, now)?;
            if attempt >= max_attempts {
                tx.execute(
                    "UPDATE twain_tasks SET status = 'failed', lease_until = NULL, finished_at = ?2 WHERE id = ?1",
                    (id, now),
                )?;
                tracing::warn!(task = %name, id, attempt, "task failed: its lease expired on its last attempt");
                return Ok(None);
            }
        }
        let attempt = attempt + 1;
        tx.execute(
            "UPDATE twain_tasks SET status = 'running', attempt = ?2, lease_until = ?3, started_at = ?4 WHERE id = ?1",
            (id, attempt, now + millis(lease), now),
        )?;
        Ok(Some(Claimed {
            id,
            name,
            args,
            attempt,
            max_attempts,
            timeout_ms,
        }))
    })
}

/// Extends the lease of a running attempt; `false` when the attempt no longer
/// holds the task (its lease ran out and another worker took it).
pub(crate) fn heartbeat(
    conn: &Conn,
    id: i64,
    attempt: i64,
    lease: Duration,
) -> Result<bool, DbError> {
    let n = conn.execute(
        "UPDATE twain_tasks SET lease_until = ?3 WHERE id = ?1 AND attempt = ?2 AND status = 'running'",
        (id, attempt, now_ms() + millis(lease)),
    )?;
    Ok(n == 1)
}

/// Marks the attempt done with its JSON result, fenced by attempt: `false`
/// (nothing written) when a newer attempt holds the task.
pub(crate) fn complete(conn: &Conn, id: i64, attempt: i64, result: &str) -> Result<bool, DbError> {
    let n = conn.execute(
        "UPDATE twain_tasks SET status = 'succeeded', result = ?3, finished_at = ?4, lease_until = NULL
         WHERE id = ?1 AND attempt = ?2 AND status = 'running'",
        (id, attempt, result, now_ms()),
    )?;
    Ok(n == 1)
}

/// Records a failed attempt, fenced as [`complete`] is: the task is ready
/// again at `retry_at`, or failed for good when `retry_at` is `None`.
pub(crate) fn fail(
    conn: &Conn,
    id: i64,
    attempt: i64,
    message: &str,
    retry_at: Option<i64>,
) -> Result<bool, DbError> {
    let now = now_ms();
    conn.atomic(|tx| {
        let n = match retry_at {
            Some(at) => tx.execute(
                "UPDATE twain_tasks SET status = 'ready', run_after = ?3, lease_until = NULL
                 WHERE id = ?1 AND attempt = ?2 AND status = 'running'",
                (id, attempt, at),
            )?,
            None => tx.execute(
                "UPDATE twain_tasks SET status = 'failed', finished_at = ?3, lease_until = NULL
                 WHERE id = ?1 AND attempt = ?2 AND status = 'running'",
                (id, attempt, now),
            )?,
        };
        if n == 1 {
            record_error(tx, id, attempt, message, now)?;
        }
        Ok(n == 1)
    })
}

fn record_error(conn: &Conn, id: i64, attempt: i64, message: &str, at: i64) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO twain_task_errors (task_id, attempt, at, message) VALUES (?1, ?2, ?3, ?4)",
        (id, attempt, at, message),
    )?;
    Ok(())
}

/// Deletes finished tasks (succeeded or failed) that finished before
/// `before`, and their errors; returns how many tasks.
pub(crate) fn prune(conn: &Conn, before: i64) -> Result<usize, DbError> {
    ensure(conn)?;
    conn.atomic(|tx| {
        tx.execute(
            "DELETE FROM twain_task_errors WHERE task_id IN
               (SELECT id FROM twain_tasks WHERE status IN ('succeeded', 'failed') AND finished_at < ?1)",
            (before,),
        )?;
        tx.execute(
            "DELETE FROM twain_tasks WHERE status IN ('succeeded', 'failed') AND finished_at < ?1",
            (before,),
        )
    })
}

/// Hands a running attempt back to the queue (a worker shutting down):
/// ready at once, the attempt not counted.
pub(crate) fn release(conn: &Conn, id: i64, attempt: i64) -> Result<bool, DbError> {
    let n = conn.execute(
        "UPDATE twain_tasks SET status = 'ready', attempt = attempt - 1, lease_until = NULL
         WHERE id = ?1 AND attempt = ?2 AND status = 'running'",
        (id, attempt),
    )?;
    Ok(n == 1)
}
