//! The app's side of `twain::tasks` (feature `tasks`): registering tasks
//! (`App::task`), the worker that runs beside the server in the same
//! process (`App::task_workers`; stopped with it, after the server
//! drained), and a process that runs only the worker (`App::run_worker`).

use std::future::Future;

use tokio_util::sync::CancellationToken;

use crate::db::Db;
use crate::tasks::{Registry, Task, Worker};

use super::builder::App;
use super::error::ServeError;
use super::service::AppService;

impl App {
    /// Registers the task `T` (the struct `#[task]` generates): this app's
    /// workers run it. Tasks need [`App::database`]: their queue is in it.
    pub fn task<T: Task>(mut self) -> Self {
        self.tasks.register::<T>();
        self
    }

    /// How many tasks the worker inside the server process runs at once
    /// (default 4; each sync task on a sync thread of the worker's own, not
    /// one of `App::sync_threads`). 0 runs none here: web processes of a
    /// scale-out whose workers are separate processes ([`App::run_worker`]).
    pub fn task_workers(mut self, tasks: usize) -> Self {
        self.task_workers = Some(tasks);
        self
    }

    /// Sets up the app's workers beyond their concurrency: lease, grace,
    /// backoff, queues, retention (see [`Worker`]'s methods).
    ///
    /// ```no_run
    /// # use twain::prelude::*;
    /// # use std::time::Duration;
    /// let app = App::new().configure_tasks(|w| w.grace(Duration::from_secs(5)).queues(["mail"]));
    /// # let _ = app;
    /// ```
    pub fn configure_tasks(
        mut self,
        configure: impl Fn(Worker) -> Worker + Send + Sync + 'static,
    ) -> Self {
        self.task_settings = Some(Configure(std::sync::Arc::new(configure)));
        self
    }

    /// Runs this app's task worker alone, with no server, until Ctrl-C or
    /// SIGTERM (then running tasks get the grace period, the rest go back to
    /// the queue): `cargo run --example blog -- worker`. The same worker as
    /// the one inside the server.
    pub fn run_worker(self) -> Result<(), ServeError> {
        if crate::server::init_default_logging() {
            super::panic_log::log_panics();
        }
        let concurrency = self.task_workers.unwrap_or(4).max(1);
        let service = self.into_service()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("twain-worker")
            .build()
            .map_err(ServeError::Runtime)?;
        runtime.block_on(async move {
            let Some(worker) = worker_of(&service, concurrency) else {
                tracing::warn!("run_worker: the app has no database or no task; nothing to run");
                return Ok(());
            };
            worker
                .run_until(crate::server::shutdown_signal())
                .await
                .map_err(|err| ServeError::Runtime(std::io::Error::other(err.to_string())))
        })
    }
}

/// What `App::configure_tasks` was given, kept in the app's state.
#[derive(Clone)]
pub(crate) struct Configure(std::sync::Arc<dyn Fn(Worker) -> Worker + Send + Sync>);

/// The worker of a built app: `None` with no database or no task.
pub(crate) fn worker_of(service: &AppService, concurrency: usize) -> Option<Worker> {
    let registry = service.state::<Registry>()?;
    let db = service.state::<Db>()?;
    if registry.is_empty() {
        return None;
    }
    let worker = Worker::new((*db).clone(), (*registry).clone()).in_app(service.scope());
    let worker = match service.state::<Configure>() {
        Some(configure) => (configure.0.0)(worker),
        None => worker,
    };
    Some(worker.concurrency(concurrency))
}

/// Serves with the in-process worker beside: `serve` gets a shutdown that
/// also stops the worker, which is awaited (its grace) once the server is done.
pub(crate) async fn serve_with_worker<'a, F, S>(
    service: &AppService,
    workers: Option<usize>,
    signal: S,
    serve: impl FnOnce(std::pin::Pin<Box<dyn Future<Output = ()> + Send + 'a>>) -> F,
) -> F::Output
where
    F: Future,
    S: Future<Output = ()> + Send + 'a,
{
    let stop = CancellationToken::new();
    let worker = match workers.unwrap_or(4) {
        0 => None,
        n => worker_of(service, n).map(|worker| {
            let stop = stop.clone();
            tokio::spawn(async move {
                if let Err(err) = worker.run_until(stop.cancelled_owned()).await {
                    tracing::error!(error = %err, "the task worker stopped on an error");
                }
            })
        }),
    };
    let on_signal = stop.clone();
    let out = serve(Box::pin(async move {
        signal.await;
        on_signal.cancel();
    }))
    .await;
    stop.cancel();
    if let Some(worker) = worker {
        let _ = worker.await;
    }
    out
}
