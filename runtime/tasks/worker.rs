//! Running queued tasks: the [`Registry`] of the tasks an app knows, and the
//! [`Worker`] that claims them (`store::claim`), runs each — a sync task on
//! a sync thread of the worker's own pool (so tasks never take the threads
//! requests need), an async task on the async workers — under a lease its
//! heartbeat renews and a timeout, then records the outcome fenced by
//! attempt: done, retried after an exponential backoff with jitter, or
//! failed for good. A panic is an error. One log line per run.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::hash::BuildHasher;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;

use crate::core::Scope;
use crate::db::{Db, DbError};
use crate::exec::{Job, SyncFailure, SyncPool, panic_message};

use super::contract::{Args, AsyncRun, SyncRun};
use super::enqueue::TaskId;
use super::store::{self, Claimed};
use super::task::{Handler, Outcome, Task, TaskError, TaskInfo};

/// The tasks a worker can run, by name: `App::task::<T>()` fills the app's.
#[derive(Clone, Default)]
pub struct Registry {
    /// Each task's adapter, and whether it is `atomic`.
    handlers: HashMap<&'static str, (Handler, bool)>,
}

impl Registry {
    /// No tasks.
    pub fn new() -> Self {
        Registry::default()
    }

    /// Adds the task `T` (the struct `#[task]` generates):
    /// `Registry::new().task::<make_thumbnail>()`.
    pub fn task<T: Task>(mut self) -> Self {
        self.register::<T>();
        self
    }

    /// Adds the task `T` in place.
    pub fn register<T: Task>(&mut self) {
        self.handlers
            .insert(T::NAME, (T::handler(), T::defaults().atomic));
    }

    /// The names it knows, sorted.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.handlers.keys().copied().collect();
        names.sort_unstable();
        names
    }

    /// Whether it knows no task.
    pub fn is_empty(&self) -> bool {
        self.handlers.is_empty()
    }
}

/// How a [`Worker`] runs.
#[derive(Clone, Debug)]
struct Settings {
    concurrency: usize,
    queues: Vec<String>,
    lease: Duration,
    poll: Duration,
    grace: Duration,
    backoff_base: Duration,
    backoff_max: Duration,
    retention: Option<Duration>,
}

/// Claims queued tasks from the database and runs them; see the module
/// documentation of [`twain::tasks`](super).
#[derive(Clone)]
pub struct Worker {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    registry: Registry,
    names: Vec<&'static str>,
    settings: Settings,
    /// The sync threads of sync tasks: their own bound.
    pool: Arc<SyncPool>,
    /// The attempts this worker runs now, to hand back at shutdown.
    running: Mutex<HashSet<(i64, i64)>>,
    /// The app the worker runs for: its state, for `TaskInfo::state`.
    scope: Option<Arc<Scope>>,
    /// Woken by an enqueue seen in this process, or a PostgreSQL `NOTIFY`.
    wake: Arc<Notify>,
}

impl Worker {
    /// A worker for `registry`'s tasks on `db`: 4 at once, every queue, a
    /// 30 s lease renewed every 10 s, the queue polled every 500 ms when
    /// idle, 30 s grace at shutdown, retries after 1 s, 2 s, 4 s, … (at most
    /// an hour, with jitter), finished tasks kept 7 days.
    pub fn new(db: Db, registry: Registry) -> Self {
        let settings = Settings {
            concurrency: 4,
            queues: Vec::new(),
            lease: Duration::from_secs(30),
            poll: Duration::from_millis(500),
            grace: Duration::from_secs(30),
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(3600),
            retention: Some(Duration::from_secs(7 * 24 * 3600)),
        };
        Worker::build(db, registry, settings, None)
    }

    fn build(db: Db, registry: Registry, settings: Settings, scope: Option<Arc<Scope>>) -> Self {
        let names = registry.names();
        let wake = super::wakers::for_db(&db);
        Worker {
            inner: Arc::new(Inner {
                pool: Arc::new(SyncPool::new(
                    settings.concurrency,
                    Duration::from_secs(3600),
                )),
                db,
                registry,
                names,
                settings,
                running: Mutex::new(HashSet::new()),
                wake,
                scope,
            }),
        }
    }

    fn with(self, change: impl FnOnce(&mut Settings)) -> Self {
        let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|arc| Inner {
            db: arc.db.clone(),
            registry: arc.registry.clone(),
            names: arc.names.clone(),
            settings: arc.settings.clone(),
            pool: arc.pool.clone(),
            running: Mutex::new(HashSet::new()),
            wake: arc.wake.clone(),
            scope: arc.scope.clone(),
        });
        let mut settings = inner.settings;
        change(&mut settings);
        Worker::build(inner.db, inner.registry, settings, inner.scope)
    }

    /// Runs for the app of `scope`: its tasks see the app's state.
    pub(crate) fn in_app(self, scope: Arc<Scope>) -> Self {
        let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|arc| Inner {
            db: arc.db.clone(),
            registry: arc.registry.clone(),
            names: arc.names.clone(),
            settings: arc.settings.clone(),
            pool: arc.pool.clone(),
            running: Mutex::new(HashSet::new()),
            wake: arc.wake.clone(),
            scope: None,
        });
        Worker::build(inner.db, inner.registry, inner.settings, Some(scope))
    }

    /// How many tasks run at once (default 4): also the number of sync
    /// threads sync tasks get, apart from the app's.
    pub fn concurrency(self, tasks: usize) -> Self {
        self.with(|s| s.concurrency = tasks.max(1))
    }

    /// Serve only these queues (default: every queue).
    pub fn queues<S: Into<String>>(self, queues: impl IntoIterator<Item = S>) -> Self {
        let queues = queues.into_iter().map(Into::into).collect();
        self.with(|s| s.queues = queues)
    }

    /// How long a claim holds a task without a heartbeat (default 30 s; the
    /// heartbeat renews it every third of that). A worker killed mid-task
    /// leaves it to run again once its lease ran out.
    pub fn lease(self, lease: Duration) -> Self {
        self.with(|s| s.lease = lease.max(Duration::from_millis(30)))
    }

    /// How often an idle worker looks at the queue (default 500 ms; at most 1 s).
    pub fn poll_interval(self, poll: Duration) -> Self {
        self.with(|s| s.poll = poll.min(Duration::from_secs(1)))
    }

    /// How long shutdown waits for running tasks (default 30 s); those still
    /// running then are handed back to the queue.
    pub fn grace(self, grace: Duration) -> Self {
        self.with(|s| s.grace = grace)
    }

    /// The first retry's delay and the longest one (default 1 s and 1 h):
    /// attempt `n` waits `base × 2^(n-1)`, capped, with up to half of it
    /// taken off at random so failures do not retry in step.
    pub fn backoff(self, base: Duration, max: Duration) -> Self {
        self.with(|s| {
            s.backoff_base = base;
            s.backoff_max = max;
        })
    }

    /// How long finished tasks are kept before they are pruned (default 7
    /// days; `None` keeps them).
    pub fn retention(self, retention: Option<Duration>) -> Self {
        self.with(|s| s.retention = retention)
    }

    /// The database it works on.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// Runs every task that is due now, one at a time, until none is left
    /// (tasks they enqueue that are due at once included); returns how many
    /// attempts ran. What the test clients' `run_tasks` calls: the same
    /// claim, run and record as [`Worker::run_until`].
    pub async fn run_pending(&self) -> Result<usize, DbError> {
        let mut ran = 0;
        while let Some(claimed) = self.inner.claim().await? {
            self.inner.clone().execute(claimed).await;
            ran += 1;
        }
        Ok(ran)
    }

    /// Claims and runs tasks until `shutdown` completes; then claims no
    /// more, gives running tasks the grace period to finish, and hands the
    /// rest back to the queue (their attempt not counted).
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), DbError> {
        let inner = self.inner;
        tracing::info!(
            tasks = ?inner.names,
            concurrency = inner.settings.concurrency,
            "task worker started"
        );
        run_listener(&inner);
        let slots = Arc::new(Semaphore::new(inner.settings.concurrency));
        let mut running = JoinSet::new();
        let mut last_prune: Option<Instant> = None;
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            while running.try_join_next().is_some() {}
            let permit = tokio::select! {
                permit = slots.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
                () = &mut shutdown => break,
            };
            if let Some(retention) = inner.settings.retention
                && last_prune.is_none_or(|at| at.elapsed() > Duration::from_secs(3600))
            {
                last_prune = Some(Instant::now());
                let pruned = inner
                    .db
                    .run(move |conn| super::results::prune(conn, retention))
                    .await;
                if let Err(err) = pruned {
                    tracing::warn!(error = %err, "pruning finished tasks failed");
                }
            }
            match inner.claim().await {
                Ok(Some(claimed)) => {
                    let inner = inner.clone();
                    running.spawn(async move {
                        inner.execute(claimed).await;
                        drop(permit);
                    });
                }
                Ok(None) => {
                    drop(permit);
                    tokio::select! {
                        () = tokio::time::sleep(inner.settings.poll) => {}
                        () = inner.wake.notified() => {}
                        () = &mut shutdown => break,
                    }
                }
                Err(err) => {
                    drop(permit);
                    tracing::warn!(error = %err, "claiming a task failed; trying again");
                    tokio::select! {
                        () = tokio::time::sleep(inner.settings.poll) => {}
                        () = &mut shutdown => break,
                    }
                }
            }
        }
        let in_flight = running.len();
        tracing::info!(in_flight, grace = ?inner.settings.grace, "task worker stopping: no more claims");
        let drained = tokio::time::timeout(inner.settings.grace, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            running.abort_all();
            while running.join_next().await.is_some() {}
            let left: Vec<(i64, i64)> = inner
                .running
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .drain()
                .collect();
            let handed = left.len();
            inner
                .db
                .run(move |conn| {
                    for (id, attempt) in left {
                        store::release(conn, id, attempt)?;
                    }
                    Ok::<_, DbError>(())
                })
                .await?;
            tracing::warn!(
                handed,
                "task worker: tasks still running after the grace period handed back to the queue"
            );
        }
        tracing::info!("task worker stopped");
        Ok(())
    }
}

/// On PostgreSQL, a connection that `LISTEN`s for enqueues and wakes the
/// worker; on SQLite, nothing (the poll and in-process wake-ups do).
fn run_listener(inner: &Arc<Inner>) {
    #[cfg(feature = "postgres")]
    super::listen::spawn(&inner.db, Arc::downgrade(&inner.wake));
    #[cfg(not(feature = "postgres"))]
    let _ = inner;
}

impl Inner {
    async fn claim(&self) -> Result<Option<Claimed>, DbError> {
        let queues = self.settings.queues.clone();
        let names = self.names.clone();
        let lease = self.settings.lease;
        self.db
            .run(move |conn| {
                store::ensure(conn)?;
                store::claim(conn, &queues, &names, lease)
            })
            .await
    }

    /// Runs one claimed attempt and records its outcome.
    async fn execute(self: Arc<Self>, claimed: Claimed) {
        let started = Instant::now();
        let key = (claimed.id, claimed.attempt);
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
        let heartbeat = AbortOnDrop(tokio::spawn(heartbeat(
            self.db.clone(),
            key,
            self.settings.lease,
        )));
        let timeout = Duration::from_millis(u64::try_from(claimed.timeout_ms).unwrap_or(0));
        let (outcome, committed) = match tokio::time::timeout(timeout, self.run(&claimed)).await {
            Ok(ran) => ran,
            Err(_) => (
                Err(TaskError::new(format!("timed out after {timeout:?}"))),
                None,
            ),
        };
        drop(heartbeat);
        let (id, attempt) = key;
        let last = attempt >= claimed.max_attempts;
        let (recorded, what) = match (&outcome, committed) {
            // An atomic task's completion committed with its writes.
            (Ok(_), Some(done)) => (Ok(done), "succeeded"),
            (Ok(value), None) => {
                let value = value.clone();
                (
                    self.db
                        .run(move |conn| store::complete(conn, id, attempt, &value))
                        .await,
                    "succeeded",
                )
            }
            (Err(err), _) => {
                let retry_at = (!err.is_permanent() && !last)
                    .then(|| store::now_ms() + store::millis(self.backoff(id, attempt)));
                let message = err.message().to_owned();
                let what = if retry_at.is_some() {
                    "retry"
                } else {
                    "failed"
                };
                (
                    self.db
                        .run(move |conn| store::fail(conn, id, attempt, &message, retry_at))
                        .await,
                    what,
                )
            }
        };
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
        let outcome_text = match (&recorded, &outcome) {
            (Ok(true), _) => what,
            (Ok(false), _) => "superseded",
            (Err(_), _) => "unrecorded",
        };
        let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
        match (&outcome, &recorded) {
            (Ok(_), Ok(true)) => tracing::info!(
                task = %claimed.name, id, attempt, duration_ms, outcome = outcome_text, "task run"
            ),
            (Err(err), Ok(true)) => tracing::warn!(
                task = %claimed.name, id, attempt, duration_ms, outcome = outcome_text, error = %err, "task run"
            ),
            (_, Ok(false)) => tracing::warn!(
                task = %claimed.name, id, attempt, duration_ms, outcome = outcome_text,
                "task run: a newer attempt holds the task (this one's lease ran out); its outcome is dropped"
            ),
            (_, Err(db)) => tracing::error!(
                task = %claimed.name, id, attempt, duration_ms, outcome = outcome_text, error = %db,
                "task run: recording the outcome failed; the task runs again when its lease runs out"
            ),
        }
    }

    /// The attempt itself: the function, through its adapter.
    /// With, for an atomic task that succeeded, whether its completion
    /// committed with its writes (`false`: a newer attempt holds the task,
    /// and the writes were rolled back).
    async fn run(&self, claimed: &Claimed) -> (Outcome, Option<bool>) {
        let Some((handler, atomic)) = self.registry.handlers.get(claimed.name.as_str()).copied()
        else {
            let why = format!("no task is named `{}`", claimed.name);
            return (Err(TaskError::permanent(why)), None);
        };
        let name: &'static str = self
            .names
            .iter()
            .find(|n| **n == claimed.name)
            .copied()
            .unwrap_or("?");
        let args = match Args::parse(&claimed.args, name) {
            Ok(args) => args,
            Err(err) => return (Err(err), None),
        };
        let info = TaskInfo {
            id: TaskId(claimed.id),
            name: claimed.name.clone(),
            attempt: u32::try_from(claimed.attempt).unwrap_or(u32::MAX),
            max_attempts: u32::try_from(claimed.max_attempts).unwrap_or(u32::MAX),
            scope: self.scope.clone(),
        };
        let db = self.db.clone();
        match handler {
            Handler::Sync(run) => {
                let (id, attempt) = (claimed.id, claimed.attempt);
                let job = move |cx: crate::Blocking<'_>| {
                    let mut sync_run = SyncRun { args, cx, db, info };
                    if atomic {
                        run_atomic(run, &mut sync_run, id, attempt)
                    } else {
                        (run(&mut sync_run), None)
                    }
                };
                let failed = |why: String| (Err(TaskError::new(why)), None);
                match self.pool.run(Job::Helper, job).await {
                    Ok(ran) => ran,
                    Err(SyncFailure::Panicked(payload)) => {
                        failed(format!("panicked: {}", panic_message(&*payload)))
                    }
                    Err(SyncFailure::Busy { wait }) => {
                        failed(format!("no sync thread free after {wait:?}"))
                    }
                    Err(SyncFailure::Lost(why)) => {
                        failed(format!("the sync thread was lost: {why}"))
                    }
                }
            }
            Handler::Async(run) => {
                let future = run(AsyncRun { args, db, info });
                let outcome = match AssertUnwindSafe(future).catch_unwind().await {
                    Ok(outcome) => outcome,
                    Err(payload) => Err(TaskError::new(format!(
                        "panicked: {}",
                        panic_message(&*payload)
                    ))),
                };
                (outcome, None)
            }
        }
    }

    /// The delay before attempt `attempt + 1`.
    fn backoff(&self, id: i64, attempt: i64) -> Duration {
        let s = &self.settings;
        let exp = u32::try_from(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX)
            .min(30);
        let full = s.backoff_base.saturating_mul(1 << exp).min(s.backoff_max);
        let random =
            std::collections::hash_map::RandomState::new().hash_one((id, attempt, Instant::now()));
        let jitter = (random % 1000) as u32; // 0..1000: up to half off
        full - full.mul_f64(f64::from(jitter) / 2000.0)
    }
}

/// An atomic task's run: the function and its completion in one
/// transaction on the thread's connection (the `Conn` the function takes is
/// that one), so its writes commit if and only if its completion does. An
/// error, a panic or a kill before the commit leaves no write behind.
fn run_atomic(
    run: for<'a, 'cx> fn(&'a mut SyncRun<'cx>) -> Outcome,
    sync_run: &mut SyncRun<'_>,
    id: i64,
    attempt: i64,
) -> (Outcome, Option<bool>) {
    enum Abort {
        Task(TaskError),
        Db(DbError),
        Superseded,
    }
    impl From<DbError> for Abort {
        fn from(err: DbError) -> Self {
            Abort::Db(err)
        }
    }
    let conn = match crate::db::Conn::here(&sync_run.db) {
        Ok(conn) => conn,
        Err(err) => return (Err(TaskError::new(err)), None),
    };
    let done = conn.atomic(|tx| {
        let value = run(sync_run).map_err(Abort::Task)?;
        if store::complete(tx, id, attempt, &value)? {
            Ok(value)
        } else {
            Err(Abort::Superseded)
        }
    });
    match done {
        Ok(value) => (Ok(value), Some(true)),
        Err(Abort::Superseded) => (Ok(String::new()), Some(false)),
        Err(Abort::Task(err)) => (Err(err), None),
        Err(Abort::Db(err)) => (Err(TaskError::new(err)), None),
    }
}

/// Stops the heartbeat when the run ends, or is dropped (a worker aborted
/// at shutdown).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Renews the lease of a running attempt every third of it, until aborted
/// or the attempt no longer holds the task.
async fn heartbeat(db: Db, (id, attempt): (i64, i64), lease: Duration) {
    loop {
        tokio::time::sleep(lease / 3).await;
        match db
            .run(move |conn| store::heartbeat(conn, id, attempt, lease))
            .await
        {
            Ok(true) => {}
            Ok(false) => return,
            Err(err) => tracing::warn!(id, attempt, error = %err, "renewing a task's lease failed"),
        }
    }
}
