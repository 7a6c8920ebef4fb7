//! **server** — serving over TCP with hyper 1 (HTTP/1.1 and HTTP/2 on one
//! port, via hyper-util's auto builder): the accept loop, the slowloris guard
//! for a connection's first bytes (`first_bytes.rs`), the header-read
//! timeout, and graceful shutdown — stop accepting, let in-flight requests
//! finish within the shutdown timeout, then close what is left. Also the
//! signals that stop it and the default log subscriber.
//!
//! It serves any hyper service: it knows nothing of apps. `App::run` and
//! `App::serve` (in `app`) hand it theirs.
//!
//! May use: nothing of twain. See `docs/architecture.md`.

mod config;
mod first_bytes;
mod logging;
mod peer;
mod public;
mod signal;

use std::future::Future;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

pub(crate) use config::ServerConfig;
pub(crate) use logging::init_default_logging;
pub use public::{Server, serve as serve_service};
pub(crate) use signal::shutdown_signal;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Serves `service` on `listener` until `signal` completes, then drains.
/// Fails only when the listener has no local address; a failed accept is
/// logged and retried.
pub(crate) async fn serve<S, B>(
    listener: TcpListener,
    service: S,
    config: &ServerConfig,
    signal: impl Future<Output = ()> + Send,
) -> std::io::Result<()>
where
    S: hyper::service::Service<http::Request<Incoming>, Response = http::Response<B>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let local = listener.local_addr()?;
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
                let service = peer::WithPeer::new(service.clone(), peer);
                let builder = builder.clone();
                let watcher = graceful.watcher();
                let head_timeout = config.header_read_timeout;
                let stopping = stopping.clone();
                connections.spawn(async move {
                    // hyper's header timeout does not cover the first bytes: see first_bytes.rs.
                    let started = tokio::select! {
                        started = first_bytes::request_started(&stream, head_timeout) => started,
                        () = stopping.cancelled() => false,
                    };
                    if !started {
                        return;
                    }
                    let connection = builder
                        .serve_connection_with_upgrades(TokioIo::new(stream), service)
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
