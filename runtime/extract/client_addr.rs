//! The client's socket address as a view argument: [`ClientAddr`] (or a plain
//! `std::net::SocketAddr`). twain's server gives the peer of each connection
//! to the app's service when it accepts it (`server/peer.rs`), which hands it
//! to each request; any other service served by `twain::serve`, and a
//! request on its way through tower layers, has it in its extensions; the
//! test clients put `127.0.0.1`. Behind a proxy this is the proxy's address: read
//! `X-Forwarded-For` / `Forwarded` yourself, only from proxies you trust.

use std::net::SocketAddr;

use crate::core::{Error, IntoResponse, Request, Response};

use super::FromRequest;

/// The address of the peer that sent the request.
///
/// ```
/// use twain::prelude::*;
/// use twain::ClientAddr;
///
/// #[view]
/// fn whoami(addr: ClientAddr) -> String {
///     format!("you are {}", addr.ip())
/// }
/// # let client = twain::test::Client::new(App::new().route("", whoami));
/// # assert_eq!(client.get("/").text(), "you are 127.0.0.1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub SocketAddr);

impl std::ops::Deref for ClientAddr {
    type Target = SocketAddr;

    fn deref(&self) -> &SocketAddr {
        &self.0
    }
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

fn peer(req: &Request) -> Result<SocketAddr, Error> {
    req.client_addr().ok_or_else(|| {
        Error::internal(
            "the client's address is unknown: it is set by twain's server (`App::run`, `App::serve`, `twain::serve`) and the test clients; a request built by hand or served by another server has none",
        )
    })
}

impl FromRequest for ClientAddr {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        peer(req)
            .map(ClientAddr)
            .map_err(IntoResponse::into_response)
    }
}

impl FromRequest for SocketAddr {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        peer(req).map_err(IntoResponse::into_response)
    }
}
