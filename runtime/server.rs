//! Serving an app over TCP with hyper 1 (HTTP/1.1 and HTTP/2 on one port, via
//! hyper-util), and stopping it gracefully: stop accepting, let in-flight
//! requests finish within the shutdown timeout.

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use futures_util::FutureExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::Error;
use crate::app::App;
use crate::service::AppService;

impl App {
    /// Builds a multi-thread tokio runtime, binds `addr` and serves until
    /// Ctrl-C or SIGTERM, then drains in-flight requests. Installs a default
    /// `tracing` subscriber (honouring `RUST_LOG`) when none is set, so the
    /// startup line and errors are visible.
    pub fn run<A>(self, addr: A) -> Result<(), Error>
    where
        A: tokio::net::ToSocketAddrs + std::fmt::Display,
    {
        init_default_logging();
        let sync_threads = self.config().sync_threads;
        let service = self.into_service()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .max_blocking_threads(sync_threads + 16)
            .thread_name("twain-worker")
            .build()
            .map_err(|err| Error::internal(format!("could not start the tokio runtime: {err}")))?;
        runtime.block_on(async {
            let listener = TcpListener::bind(&addr)
                .await
                .map_err(|err| Error::internal(format!("could not listen on {addr}: {err}")))?;
            serve_service(service, listener, shutdown_signal()).await
        })
    }

    /// Serves on `listener` until Ctrl-C or SIGTERM, on the caller's runtime.
    pub async fn serve(self, listener: TcpListener) -> Result<(), Error> {
        self.serve_with_shutdown(listener, shutdown_signal()).await
    }

    /// Serves on `listener` until `signal` completes, then drains.
    pub async fn serve_with_shutdown(
        self,
        listener: TcpListener,
        signal: impl Future<Output = ()> + Send,
    ) -> Result<(), Error> {
        let service = self.into_service()?;
        serve_service(service, listener, signal).await
    }
}

async fn serve_service(
    service: AppService,
    listener: TcpListener,
    signal: impl Future<Output = ()> + Send,
) -> Result<(), Error> {
    let config = service.shared().config.clone();
    let local = listener
        .local_addr()
        .map_err(|err| Error::internal(format!("listener has no address: {err}")))?;
    tracing::info!("twain listening on http://{local}");

    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    let mut signal = std::pin::pin!(signal);
    // Every connection's task, so the ones still open at the shutdown timeout
    // can be closed; `stopping` releases those still waiting for a first byte.
    let mut connections = tokio::task::JoinSet::new();
    let stopping = tokio_util::sync::CancellationToken::new();

    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(err) => {
                        // Out of file descriptors and the like: back off, keep serving.
                        tracing::warn!(error = %err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = service.clone();
                let builder = builder.clone();
                let watcher = graceful.watcher();
                let head_timeout = config.header_read_timeout;
                let stopping = stopping.clone();
                connections.spawn(async move {
                    // hyper's header timeout does not cover the first bytes: see first_bytes.rs.
                    let started = tokio::select! {
                        started = crate::first_bytes::request_started(&stream, head_timeout) => started,
                        () = stopping.cancelled() => false,
                    };
                    if !started {
                        return;
                    }
                    let hyper_service = hyper::service::service_fn(move |request: http::Request<Incoming>| {
                        // Boxed: hyper keeps a slot per connection sized for
                        // this future, and idle keep-alive connections are many.
                        Box::pin(app.handle(request).map(Ok::<_, Infallible>))
                    });
                    let connection = builder
                        .serve_connection_with_upgrades(TokioIo::new(stream), hyper_service)
                        .into_owned();
                    if let Err(err) = watcher.watch(connection).await {
                        tracing::debug!(%peer, error = %err, "connection ended with an error");
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = &mut signal => break,
        }
    }

    drop(listener);
    stopping.cancel();
    tracing::info!(
        "shutting down: no new connections; waiting up to {:?} for in-flight requests",
        config.shutdown_timeout
    );
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all requests finished; stopped"),
        () = tokio::time::sleep(config.shutdown_timeout) => {
            tracing::warn!("shutdown timeout reached; closing the remaining connections");
        }
    }
    // Dropping a connection drops its requests' futures: async views are
    // cancelled, sync views see `is_disconnected()`.
    connections.abort_all();
    Ok(())
}

/// Completes on Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

fn init_default_logging() {
    if tracing::dispatcher::has_been_set() {
        return;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
