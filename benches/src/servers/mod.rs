//! The servers under test, run as child processes: `twain-bench serve <kind>`.
//!
//! Every kind gets the same runtime (tokio multi-thread, default worker count,
//! the blocking-thread cap `App::run` uses) and the same hyper-util server
//! setup; only the app differs. The child binds 127.0.0.1:0, prints
//! `listening <addr>`, answers `switches` on stdin with
//! `twain::stats::switches()`, and exits when its stdin closes, so it cannot
//! outlive the driver.

mod accept;
mod actix;
pub mod db;
mod mixed;
mod peers;
pub mod tfb;
mod twain_app;

use std::io::{BufRead, Write};
use std::process::ExitCode;

use hyper_util::service::TowerToHyperService;

/// Route of the async hello view (twain and axum; bare hyper answers any path).
pub const ASYNC_HELLO: &str = "/hello/async/";
/// Route of the sync hello view: twain `fn`, axum `spawn_blocking`.
pub const SYNC_HELLO: &str = "/hello/sync/";
/// Route of twain's `#[view(inline)]` hello (no thread switch).
pub const INLINE_HELLO: &str = "/hello/inline/";
/// A view taking one route parameter, as most real views take some (twain
/// async view, axum handler with `Path`): the path requested, and the
/// pattern with its `name` parameter in each framework's syntax.
pub const GREET_ASYNC: &str = "/greet/async/world/";
/// The same as a twain sync view (axum: `Path`, then `spawn_blocking`).
pub const GREET_SYNC: &str = "/greet/sync/world/";
/// Route that blocks its thread for [`BLOCK_MS`]: twain sync view, axum inline.
pub const BLOCK: &str = "/block/";
/// How long one request to [`BLOCK`] blocks.
pub const BLOCK_MS: u64 = 50;
/// Sync threads of the twain apps (twain's default) and the runtime's cap.
pub const SYNC_THREADS: usize = 64;

/// Which server a child runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// twain app: async, sync and inline hello, blocking sync view.
    Twain,
    /// A bare hyper 1 `service_fn` answering "hello" on every path.
    Hyper,
    /// axum 0.8: async hello, `spawn_blocking` hello, inline-blocking handler.
    Axum,
    /// twain, 6 middleware alternating async/sync around a sync view.
    TwainMixed,
    /// twain, 6 async middleware around the same sync view.
    TwainAllAsync,
    /// twain, 6 async middleware around an async view (no switch).
    TwainAllAsyncView,
    /// actix-web 4: async hello, `web::block` hello, inline-blocking handler.
    Actix,
    /// twain with a SQLite database: one row by key, sync `Conn` and async `db.run`.
    TwainDb,
    /// axum 0.8 + spawn_blocking + r2d2: the same row.
    AxumDb,
    /// examples/techempower, async views over `Db` (PostgreSQL).
    TfbTwainAsync,
    /// examples/techempower, sync views over `Conn` (PostgreSQL).
    TfbTwainSync,
    /// axum, TFB style: one pipelined tokio-postgres client per worker.
    TfbAxumPg,
    /// axum, TFB style: a deadpool pool, one checkout per request.
    TfbAxumPgPool,
    /// actix-web, TFB style: one tokio-postgres client per worker.
    TfbActix,
    /// The `Twain` app with twain's Prometheus recorder installed (metrics
    /// on), and `/metrics`.
    TwainMetrics,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Twain => "twain",
            Kind::Hyper => "hyper",
            Kind::Axum => "axum",
            Kind::TwainMixed => "twain-mixed",
            Kind::TwainAllAsync => "twain-all-async",
            Kind::TwainAllAsyncView => "twain-all-async-view",
            Kind::Actix => "actix",
            Kind::TwainDb => "twain-db",
            Kind::AxumDb => "axum-db",
            Kind::TfbTwainAsync => "tfb-twain-async",
            Kind::TfbTwainSync => "tfb-twain-sync",
            Kind::TfbAxumPg => "tfb-axum-pg",
            Kind::TfbAxumPgPool => "tfb-axum-pg-pool",
            Kind::TfbActix => "tfb-actix",
            Kind::TwainMetrics => "twain-metrics",
        }
    }

    fn from_name(name: &str) -> Option<Kind> {
        let all = [
            Kind::Twain,
            Kind::Hyper,
            Kind::Axum,
            Kind::TwainMixed,
            Kind::TwainAllAsync,
            Kind::TwainAllAsyncView,
            Kind::Actix,
            Kind::TwainDb,
            Kind::AxumDb,
            Kind::TfbTwainAsync,
            Kind::TfbTwainSync,
            Kind::TfbAxumPg,
            Kind::TfbAxumPgPool,
            Kind::TfbActix,
            Kind::TwainMetrics,
        ];
        all.into_iter().find(|kind| kind.name() == name)
    }
}

/// Entry point of a child: `serve <kind>`.
pub fn serve_main(argv: &[String]) -> ExitCode {
    let Some(kind) = argv.first().and_then(|name| Kind::from_name(name)) else {
        eprintln!("twain-bench serve: unknown or missing server kind {argv:?}");
        return ExitCode::from(2);
    };
    match kind {
        Kind::Actix => return serve_actix(),
        Kind::TfbActix => {
            return serve_outside_tokio(kind, |listener| {
                tfb::peers::actix_tfb::serve(listener, tfb::url()?)
            });
        }
        Kind::TfbAxumPg => return serve_outside_tokio(kind, serve_axum_pg),
        _ => {}
    }
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    // `twain-bench instructions` runs one worker, so no idle worker's
    // wake-up and search for work (timing-dependent) is counted.
    if let Some(workers) = std::env::var("TWAIN_BENCH_WORKERS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        builder.worker_threads(workers);
    }
    let runtime = builder
        .enable_all()
        .max_blocking_threads(SYNC_THREADS + 16)
        .thread_name(kind.name())
        .build()
        .expect("tokio runtime");
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        println!("listening {addr}");
        std::io::stdout().flush()?;
        std::thread::spawn(control_loop);
        serve(kind, listener).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("twain-bench serve {}: {err}", kind.name());
            ExitCode::FAILURE
        }
    }
}

async fn serve(kind: Kind, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let forever = std::future::pending::<()>();
    match kind {
        Kind::Twain => twain_app::app()
            .serve_with_shutdown(listener, forever)
            .await
            .map_err(twain_error),
        Kind::Hyper => accept::serve(listener, peers::bare_hyper()).await,
        Kind::Axum => accept::serve(listener, peers::axum()).await,
        Kind::TwainMixed => mixed::mixed_app()
            .serve_with_shutdown(listener, forever)
            .await
            .map_err(twain_error),
        Kind::TwainAllAsync => mixed::all_async_app()
            .serve_with_shutdown(listener, forever)
            .await
            .map_err(twain_error),
        Kind::TwainAllAsyncView => mixed::all_async_async_view_app()
            .serve_with_shutdown(listener, forever)
            .await
            .map_err(twain_error),
        Kind::TwainDb => {
            let (_dir, app) = db::twain_app();
            app.serve_with_shutdown(listener, forever)
                .await
                .map_err(twain_error)
        }
        Kind::AxumDb => {
            let (_dir, service) = db::axum_app();
            accept::serve(listener, service).await
        }
        Kind::TfbTwainAsync | Kind::TfbTwainSync => {
            let mode = if kind == Kind::TfbTwainAsync {
                tfb::app::Mode::Async
            } else {
                tfb::app::Mode::Sync
            };
            // Opening the database blocks (r2d2 connects).
            let app = tokio::task::spawn_blocking(move || tfb::twain_app(mode))
                .await
                .map_err(std::io::Error::other)??;
            app.serve_with_shutdown(listener, forever)
                .await
                .map_err(twain_error)
        }
        Kind::TfbAxumPgPool => {
            let router = tfb::peers::axum_tfb::pooled(&tfb::url()?, tfb::POOL as usize)
                .map_err(|err| std::io::Error::other(err.to_string()))?;
            accept::serve(listener, TowerToHyperService::new(router)).await
        }
        Kind::Actix | Kind::TfbActix | Kind::TfbAxumPg => {
            unreachable!("served outside tokio's runtime: serve_outside_tokio")
        }
        Kind::TwainMetrics => twain_app::with_metrics()
            .map_err(std::io::Error::other)?
            .serve_with_shutdown(listener, forever)
            .await
            .map_err(twain_error),
    }
}

/// actix-web brings its own runtime, so it binds and serves outside tokio's.
fn serve_actix() -> ExitCode {
    let started = std::net::TcpListener::bind("127.0.0.1:0").and_then(|listener| {
        let addr = listener.local_addr()?;
        println!("listening {addr}");
        std::io::stdout().flush()?;
        std::thread::spawn(control_loop);
        actix::serve(listener)
    });
    match started {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("twain-bench serve actix: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Binds, says where, and runs `serve` with no runtime around it (a server
/// that brings its own runtimes).
fn serve_outside_tokio(
    kind: Kind,
    serve: impl FnOnce(std::net::TcpListener) -> std::io::Result<()>,
) -> ExitCode {
    let started = std::net::TcpListener::bind("127.0.0.1:0").and_then(|listener| {
        let addr = listener.local_addr()?;
        println!("listening {addr}");
        std::io::stdout().flush()?;
        std::thread::spawn(control_loop);
        serve(listener)
    });
    match started {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("twain-bench serve {}: {err}", kind.name());
            ExitCode::FAILURE
        }
    }
}

/// axum-pg as TFB's axum entry runs: one single-threaded runtime per core,
/// each accepting on the same socket and holding its own client.
fn serve_axum_pg(listener: std::net::TcpListener) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let url = tfb::url()?;
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let mut threads = Vec::new();
    for i in 0..workers {
        let (listener, url) = (listener.try_clone()?, url.clone());
        threads.push(
            std::thread::Builder::new()
                .name(format!("axum-pg-{i}"))
                .spawn(move || -> std::io::Result<()> {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime.block_on(async move {
                        let conn = tfb::peers::PgConn::connect(&url)
                            .await
                            .map_err(|err| std::io::Error::other(err.to_string()))?;
                        let router = tfb::peers::axum_tfb::shared(std::sync::Arc::new(conn));
                        let listener = tokio::net::TcpListener::from_std(listener)?;
                        accept::serve(listener, TowerToHyperService::new(router)).await
                    })
                })?,
        );
    }
    for thread in threads {
        thread
            .join()
            .map_err(|_| std::io::Error::other("a worker panicked"))??;
    }
    Ok(())
}

fn twain_error(err: twain::ServeError) -> std::io::Error {
    std::io::Error::other(err)
}

/// Answers the driver on stdin; exits the process when the driver goes away.
fn control_loop() {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim() == "switches" {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", twain::stats::switches());
            let _ = out.flush();
        }
    }
    std::process::exit(0);
}
