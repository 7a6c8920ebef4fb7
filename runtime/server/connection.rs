//! Driving one connection to its end under two deadlines hyper does not
//! have: the idle deadline (no request in flight for `keep_alive_timeout` on
//! HTTP/1.1, `http2_idle_timeout` on HTTP/2) and shutdown. Either starts a
//! graceful close (HTTP/1.1: no keep-alive; HTTP/2: GOAWAY); once nothing is
//! in flight for [`CLOSE_GRACE`] after that, the connection is dropped —
//! an HTTP/2 client that never acknowledges the GOAWAY ping (or a half-sent
//! header block) cannot hold it open.

use std::net::SocketAddr;
use std::time::Duration;

use hyper_util::server::graceful::GracefulConnection;
use tokio_util::sync::CancellationToken;

use super::activity::Activity;

/// How long a closing connection with nothing in flight is kept, for a
/// request the client sent before it saw the close to arrive.
pub(crate) const CLOSE_GRACE: Duration = Duration::from_millis(500);

/// Runs `connection` until it ends, it has been idle for `idle`, or
/// `stopping` is cancelled (see the module docs).
pub(crate) async fn drive<C>(
    connection: C,
    activity: Activity,
    idle: Duration,
    stopping: CancellationToken,
    peer: SocketAddr,
) where
    C: GracefulConnection,
    C::Error: std::fmt::Display,
{
    let mut connection = std::pin::pin!(connection);
    let mut closing = false;
    loop {
        let wait = if closing { CLOSE_GRACE } else { idle };
        // The connection first: a request whose bytes have arrived is read
        // (no longer idle) before a shutdown's graceful close, which would
        // drop an idle connection with the request unread.
        tokio::select! {
            biased;
            ended = connection.as_mut() => {
                if let Err(err) = ended {
                    tracing::debug!(%peer, error = %err, "connection ended with an error");
                }
                return;
            }
            () = activity.idle_for(wait) => {
                if closing {
                    tracing::debug!(%peer, "closing connection has nothing in flight; dropping it");
                    return;
                }
                tracing::debug!(%peer, "connection idle for {idle:?}; closing it");
                connection.as_mut().graceful_shutdown();
                closing = true;
            }
            () = stopping.cancelled(), if !closing => {
                connection.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
}
