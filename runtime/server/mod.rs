//! **server** — serving over TCP with hyper 1 (HTTP/1.1 and HTTP/2 on one
//! port, via hyper-util's auto builder): the accept loop, the slowloris guard
//! for a connection's first bytes (`first_bytes.rs`), the header-read
//! timeout, HTTP/2 keep-alive pings, the idle deadline of a connection with
//! nothing in flight (`activity.rs`, `connection.rs`), the deadline for a
//! client that stops reading (`write_deadline.rs`), and graceful shutdown —
//! stop accepting, let in-flight requests finish within the shutdown
//! timeout, close idle connections at once, then close what is left. Also
//! the signals that stop it and the default log subscriber. Every deadline
//! is in `docs/deadlines.md`.
//!
//! It serves any hyper service: it knows nothing of apps. `App::run` and
//! `App::serve` (in `app`) hand it theirs.
//!
//! May use: nothing of twain. See `docs/architecture.md`.

mod activity;
mod config;
mod connection;
mod first_bytes;
mod log_format;
mod log_time;
mod logging;
mod peer;
mod public;
mod signal;
mod write_deadline;

use std::future::Future;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;

use activity::{Activity, Tracked};
use first_bytes::Protocol;
use write_deadline::WriteDeadline;

pub(crate) use config::ServerConfig;
pub(crate) use logging::init_default_logging;
pub(crate) use peer::ForPeer;
pub use public::{Server, serve as serve_service};
pub(crate) use signal::shutdown_signal;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How long, once shutdown starts, a connection that has sent nothing yet is
/// given to send its request.
const LATE_REQUEST_GRACE: Duration = Duration::from_millis(500);

/// At most this many queued connections are taken at shutdown.
const BACKLOG_LIMIT: usize = 4096;

/// The connections waiting in `listener`'s queue (accepted without waiting),
/// and the listener closed.
fn accepted_backlog(listener: TcpListener) -> Vec<(tokio::net::TcpStream, std::net::SocketAddr)> {
    let Ok(listener) = listener.into_std() else {
        return Vec::new();
    };
    let mut queued = Vec::new();
    if listener.set_nonblocking(true).is_err() {
        return queued;
    }
    while queued.len() < BACKLOG_LIMIT {
        let Ok((stream, peer)) = listener.accept() else {
            break; // WouldBlock: the queue is empty
        };
        if stream.set_nonblocking(true).is_ok()
            && let Ok(stream) = tokio::net::TcpStream::from_std(stream)
        {
            queued.push((stream, peer));
        }
    }
    queued
}

/// Serves `service` on `listener` until `signal` completes, then drains.
/// Fails only when the listener has no local address; a failed accept is
/// logged and retried.
pub(crate) async fn serve<P, S, B>(
    listener: TcpListener,
    service: P,
    config: &ServerConfig,
    signal: impl Future<Output = ()> + Send,
) -> std::io::Result<()>
where
    P: ForPeer<Service = S>,
    S: hyper::service::Service<http::Request<Incoming>, Response = http::Response<B>>
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let local = listener.local_addr()?;
    match &config.listening_note {
        Some(note) => tracing::info!("twain listening on http://{local}/ ({note})"),
        None => tracing::info!("twain listening on http://{local}"),
    }

    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(config.http2_keep_alive_interval)
        .keep_alive_timeout(config.http2_keep_alive_timeout);
    let mut signal = std::pin::pin!(signal);
    // Every connection's task, so the ones still open at the shutdown timeout
    // can be closed; `stopping` starts closing every connection.
    let mut connections = tokio::task::JoinSet::new();
    let stopping = tokio_util::sync::CancellationToken::new();

    // One connection's task: wait for its first bytes, then serve it.
    let serve_one = |stream: tokio::net::TcpStream, peer: std::net::SocketAddr| {
        let _ = stream.set_nodelay(true);
        let service = service.for_peer(peer);
        let builder = builder.clone();
        let head_timeout = config.header_read_timeout;
        let write_timeout = config.write_timeout;
        let (h1_idle, h2_idle) = (config.keep_alive_timeout, config.http2_idle_timeout);
        let stopping = stopping.clone();
        async move {
            // hyper's header timeout does not cover the first bytes: see first_bytes.rs.
            let started = tokio::select! {
                biased;
                started = first_bytes::request_started(&stream, head_timeout) => started,
                // A connection made just before shutdown (a load balancer's,
                // its request on the way) still gets its one request served.
                () = stopping.cancelled() => tokio::time::timeout(
                    LATE_REQUEST_GRACE,
                    first_bytes::request_started(&stream, head_timeout),
                ).await.ok().flatten(),
            };
            let Some(protocol) = started else {
                return;
            };
            let idle = match protocol {
                Protocol::Http1 => h1_idle,
                Protocol::Http2 => h2_idle,
            };
            let activity = Activity::new(stopping.clone());
            let service = Tracked {
                inner: service,
                activity: activity.clone(),
            };
            let connection = builder
                .serve_connection_with_upgrades(
                    WriteDeadline::new(TokioIo::new(stream), write_timeout),
                    service,
                )
                .into_owned();
            connection::drive(connection, activity, idle, stopping, peer).await;
        }
    };

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
                connections.spawn(serve_one(stream, peer));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = &mut signal => break,
        }
    }

    // Closing the listener resets the connections the kernel completed but
    // the loop had not accepted yet: accept them first, and serve them too.
    for (stream, peer) in accepted_backlog(listener) {
        connections.spawn(serve_one(stream, peer));
    }
    stopping.cancel();
    tracing::info!(
        "shutting down: no new connections; waiting up to {:?} for in-flight requests",
        config.shutdown_timeout
    );
    let drained = async { while connections.join_next().await.is_some() {} };
    tokio::select! {
        () = drained => tracing::info!("all requests finished; stopped"),
        () = tokio::time::sleep(config.shutdown_timeout) => {
            tracing::warn!("shutdown timeout reached; closing the remaining connections");
        }
    }
    // Dropping a connection drops its requests' futures: async views are
    // cancelled, sync views see `is_disconnected()`.
    connections.abort_all();
    Ok(())
}
