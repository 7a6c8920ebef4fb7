//! The client's socket address, put into every request's extensions (as a
//! `std::net::SocketAddr`) where the connection is accepted, so views can
//! take it as an argument (`ClientAddr`).

use std::net::SocketAddr;

use hyper::body::Incoming;

/// A hyper service that tags each request with its connection's peer.
#[derive(Clone)]
pub(super) struct WithPeer<S> {
    inner: S,
    peer: SocketAddr,
}

impl<S> WithPeer<S> {
    pub(super) fn new(inner: S, peer: SocketAddr) -> Self {
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
