//! The public way to run twain's server around any service: [`Server`] and
//! [`serve`]. An app wrapped in tower layers from outside (or any tower
//! service of `http::Request<hyper::body::Incoming>`) gets the same server
//! as `App::run`: HTTP/1.1 and HTTP/2 on one port, the first-bytes and
//! header-read deadlines, graceful drain on Ctrl-C / SIGTERM.

use std::future::Future;
use std::time::Duration;

use hyper::body::Incoming;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::{BoxError, ServerConfig, serve as serve_hyper, shutdown_signal};

/// twain's server, for a service you built: its deadlines default to those
/// of `App` (30 s each).
///
/// ```no_run
/// use std::time::Duration;
/// use twain::prelude::*;
/// use twain::tower::ServiceBuilder;
/// use twain::tower_http::trace::TraceLayer;
///
/// #[view]
/// fn index() -> &'static str { "hello" }
///
/// #[twain::tokio::main(crate = "twain::tokio")]
/// async fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let app = App::new().route("", index).into_service()?;
///     let service = ServiceBuilder::new()
///         .layer(TraceLayer::new_for_http())
///         .service(app);
///     let listener = twain::tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
///     twain::Server::new()
///         .header_read_timeout(Duration::from_secs(10))
///         .serve(listener, service)
///         .await?;
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Server {
    config: ServerConfig,
}

impl Server {
    /// A server with `App`'s default deadlines.
    pub fn new() -> Self {
        Server::default()
    }

    /// How long a client may take to send its request head, and its first
    /// byte (default 30 s).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.config.header_read_timeout = timeout;
        self
    }

    /// How long shutdown waits for in-flight requests (default 30 s).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.config.shutdown_timeout = timeout;
        self
    }

    /// Serves `service` on `listener` until Ctrl-C or SIGTERM, then drains.
    /// Fails only when the listener has no local address.
    pub async fn serve<S, B>(self, listener: TcpListener, service: S) -> std::io::Result<()>
    where
        S: tower_service::Service<http::Request<Incoming>, Response = http::Response<B>>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        self.serve_with_shutdown(listener, service, shutdown_signal())
            .await
    }

    /// Serves `service` on `listener` until `signal` completes, then drains.
    pub async fn serve_with_shutdown<S, B>(
        self,
        listener: TcpListener,
        service: S,
        signal: impl Future<Output = ()> + Send,
    ) -> std::io::Result<()>
    where
        S: tower_service::Service<http::Request<Incoming>, Response = http::Response<B>>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        S::Error: Into<BoxError>,
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        serve_hyper(
            listener,
            super::peer::Tagged(TowerToHyperService::new(service)),
            &self.config,
            signal,
        )
        .await
    }
}

/// Serves any tower service (an `AppService` inside tower layers, say) with
/// twain's server until Ctrl-C or SIGTERM: `Server::new().serve(..)`.
pub async fn serve<S, B>(listener: TcpListener, service: S) -> std::io::Result<()>
where
    S: tower_service::Service<http::Request<Incoming>, Response = http::Response<B>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    Server::new().serve(listener, service).await
}
