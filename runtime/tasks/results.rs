//! Reading a task back by id: [`TaskResult`], as Django's `TaskResult` has
//! it (status, attempts, times, value, errors), from sync code
//! ([`result`]) or async code ([`result_async`]), and pruning finished tasks
//! after a retention period ([`prune`]).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::db::{Conn, Db, DbError};

use super::enqueue::TaskId;
use super::store;

/// Where a task is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Queued, waiting to be due or for a worker (also between retries).
    Ready,
    /// A worker holds it.
    Running,
    /// Done, with its value.
    Succeeded,
    /// Out of attempts, or failed with a permanent error.
    Failed,
}

/// One failed attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptError {
    pub attempt: u32,
    pub at: SystemTime,
    pub message: String,
}

/// A task as the queue knows it.
#[derive(Clone, Debug)]
pub struct TaskResult {
    pub id: TaskId,
    pub name: String,
    pub queue: String,
    pub status: Status,
    /// Attempts started so far.
    pub attempts: u32,
    pub max_attempts: u32,
    pub enqueued_at: SystemTime,
    /// When the last attempt started.
    pub started_at: Option<SystemTime>,
    pub finished_at: Option<SystemTime>,
    /// The value, as JSON, once it succeeded.
    pub value: Option<serde_json::Value>,
    /// Every failed attempt, oldest first.
    pub errors: Vec<AttemptError>,
}

impl TaskResult {
    /// The value decoded into `T`; `None` before it succeeded.
    pub fn value_as<T: serde::de::DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.value.clone().map(serde_json::from_value)
    }
}

/// A row of `twain_tasks`, as [`result`] reads it.
#[derive(crate::db::FromRow)]
struct Stored {
    id: i64,
    name: String,
    queue: String,
    status: String,
    attempt: i64,
    max_attempts: i64,
    enqueued_at: i64,
    started_at: Option<i64>,
    finished_at: Option<i64>,
    result: Option<String>,
}

fn time(ms: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// The task `id`, or `None` when there is none (never queued, or pruned).
pub fn result(conn: &Conn, id: TaskId) -> Result<Option<TaskResult>, DbError> {
    store::ensure(conn)?;
    let Some(row) = conn.get::<Stored>(
        "SELECT id, name, queue, status, attempt, max_attempts, enqueued_at, started_at, finished_at, result
         FROM twain_tasks WHERE id = ?1",
        (id.0,),
    )?
    else {
        return Ok(None);
    };
    let Stored {
        id,
        name,
        queue,
        status,
        attempt,
        max_attempts,
        enqueued_at: enqueued,
        started_at: started,
        finished_at: finished,
        result: value,
    } = row;
    let status = match status.as_str() {
        store::READY => Status::Ready,
        store::RUNNING => Status::Running,
        store::SUCCEEDED => Status::Succeeded,
        _ => Status::Failed,
    };
    let errors = conn
        .all::<(i64, i64, String)>(
            "SELECT attempt, at, message FROM twain_task_errors WHERE task_id = ?1 ORDER BY at, attempt",
            (id,),
        )?
        .into_iter()
        .map(|(attempt, at, message)| AttemptError {
            attempt: u32::try_from(attempt).unwrap_or(0),
            at: time(at),
            message,
        })
        .collect();
    let value = match value {
        Some(text) => Some(serde_json::from_str(&text).map_err(DbError::decode)?),
        None => None,
    };
    Ok(Some(TaskResult {
        id: TaskId(id),
        name,
        queue,
        status,
        attempts: u32::try_from(attempt).unwrap_or(0),
        max_attempts: u32::try_from(max_attempts).unwrap_or(0),
        enqueued_at: time(enqueued),
        started_at: started.map(time),
        finished_at: finished.map(time),
        value,
        errors,
    }))
}

/// [`result`] from async code.
pub async fn result_async(db: &Db, id: TaskId) -> Result<Option<TaskResult>, DbError> {
    db.run(move |conn| result(conn, id)).await
}

/// Deletes the tasks that finished (succeeded or failed) more than
/// `retention` ago, with their errors; returns how many. A worker calls it
/// as its [`Worker::retention`](super::Worker::retention) says.
pub fn prune(conn: &Conn, retention: Duration) -> Result<usize, DbError> {
    store::prune(conn, store::now_ms() - store::millis(retention))
}
