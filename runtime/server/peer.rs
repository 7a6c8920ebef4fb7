//! The client's socket address, given to each connection's service where
//! the connection is accepted ([`ForPeer`]), so views can take it as an
//! argument (`ClientAddr`). Any hyper service gets it in every request's
//! extensions (as a `std::net::SocketAddr`, [`Tagged`]); an app's service
//! keeps it itself and hands it to each request without touching the
//! extensions (which would be three allocations per request).

use std::net::SocketAddr;

use hyper::body::Incoming;

/// What the server makes of its service for one connection from `peer`.
pub(crate) trait ForPeer: Clone + Send + 'static {
    type Service;
    fn for_peer(&self, peer: SocketAddr) -> Self::Service;
}

/// Any hyper service, told the peer through each request's extensions.
#[derive(Clone)]
pub(crate) struct Tagged<S>(pub(crate) S);

impl<S: Clone + Send + 'static> ForPeer for Tagged<S> {
    type Service = WithPeer<S>;

    fn for_peer(&self, peer: SocketAddr) -> WithPeer<S> {
        WithPeer::new(self.0.clone(), peer)
    }
}

/// A hyper service that tags each request with its connection's peer.
#[derive(Clone)]
pub(crate) struct WithPeer<S> {
    inner: S,
    peer: SocketAddr,
}

impl<S> WithPeer<S> {
    fn new(inner: S, peer: SocketAddr) -> Self {
        WithPeer { inner, peer }
    }
}

impl<S> hyper::service::Service<http::Request<Incoming>> for WithPeer<S>
where
    S: hyper::service::Service<http::Request<Incoming>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn call(&self, mut request: http::Request<Incoming>) -> Self::Future {
        request.extensions_mut().insert(self.peer);
        self.inner.call(request)
    }
}
