//! [`Request`]: what a view or middleware receives — the `http` request head,
//! the route's parameters, the body (streaming, or spooled for a sync view),
//! and the [`Scope`] of its app. Every method of `Request` is here.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use http::{Extensions, HeaderMap, Method, Uri, Version};
use http_body_util::BodyExt;

use super::body::{Body, BoxError};
use super::disconnect::Disconnected;
use super::error::Error;
use super::limits::{limited, read_error};
use super::scope::Scope;
use super::spooled::SpooledBody;
use crate::routing::Params;

/// An incoming HTTP request.
///
/// The head (method, URI, headers, extensions) is plain data; the body is read
/// through an extractor (`Json<T>`, `Form<T>`, `Bytes`), [`Request::read_body`]
/// in async code, or [`Request::body_reader`] in a sync view.
pub struct Request {
    /// Boxed, so that a request is one pointer wherever it goes: into the
    /// chain's steps, a sync job's cell and back (`exec/home_drop.rs`),
    /// through the adapters' closures. Unboxed, each of those moves would
    /// copy a few hundred bytes.
    inner: Box<Inner>,
}

/// What a request holds.
struct Inner {
    head: http::request::Parts,
    params: Params,
    /// A `Mutex` so that `Request` is `Sync` (a `Body` is not) and a sync view
    /// can take its spooled body through `&Request`.
    body: Mutex<BodySlot>,
    scope: Arc<Scope>,
    /// The flag set when the client goes (`disconnect.rs`), which also holds
    /// the request's web slot; `None` when it is in the extensions instead
    /// (a request that went through tower layers) or there is none.
    flag: Option<Disconnected>,
    /// The client's address, as the server gave it to the app (`None`: it
    /// is in the extensions, if anywhere).
    peer: Option<SocketAddr>,
}

/// Where a request's body is.
pub(crate) enum BodySlot {
    /// As it arrives from the client (or as a test built it).
    Stream(Body),
    /// Read to its end before a sync part ran (`extract/spool.rs`).
    Spooled(SpooledBody),
    /// Handed out already.
    Taken,
}

impl Request {
    pub(crate) fn new(request: http::Request<Body>, scope: Arc<Scope>) -> Self {
        let (head, body) = request.into_parts();
        Request {
            inner: Box::new(Inner {
                head,
                params: Params::default(),
                body: Mutex::new(BodySlot::Stream(body)),
                scope,
                flag: None,
                peer: None,
            }),
        }
    }

    /// A request of an app, with its disconnect flag and its client's
    /// address (held here rather than in the extensions: no allocation or
    /// hashing for them).
    pub(crate) fn of_app(
        request: http::Request<Body>,
        scope: Arc<Scope>,
        flag: Disconnected,
        peer: Option<SocketAddr>,
    ) -> Self {
        let mut req = Request::new(request, scope);
        req.inner.flag = Some(flag);
        req.inner.peer = peer;
        req
    }

    /// The address of the client that sent the request: the peer of its
    /// connection, as twain's server accepted it (behind a proxy, the
    /// proxy's; read `X-Forwarded-For` / `Forwarded` only from proxies you
    /// trust). `None` for a request built by hand with no `SocketAddr` in
    /// its extensions. Views can take it as an argument instead
    /// ([`ClientAddr`](crate::ClientAddr)); an app's requests do not carry
    /// it in their extensions (it is kept here, with no allocation), but
    /// [`into_http`](Request::into_http) puts it there for the service it
    /// hands the request to.
    ///
    /// ```
    /// use twain::prelude::*;
    ///
    /// #[middleware]
    /// async fn log_client(req: Request, next: Next) -> Response {
    ///     if let Some(addr) = req.client_addr() {
    ///         tracing::info!(%addr, "request");
    ///     }
    ///     next.run(req).await
    /// }
    /// ```
    pub fn client_addr(&self) -> Option<SocketAddr> {
        self.inner
            .peer
            .or_else(|| self.inner.head.extensions.get::<SocketAddr>().copied())
    }

    /// The request's disconnect flag and slot holder, wherever it is.
    pub(crate) fn flag(&self) -> Option<&Disconnected> {
        self.inner
            .flag
            .as_ref()
            .or_else(|| self.inner.head.extensions.get::<Disconnected>())
    }

    /// Builds a request outside a server, for unit tests of views and middleware.
    /// It has no app state; prefer `twain::test::Client` to exercise a whole app.
    pub fn from_http<B>(request: http::Request<B>) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        Request::new(request.map(Body::new), Arc::default())
    }

    /// Turns this request back into an `http::Request` (for handing to other
    /// `tower` services). Route parameters are dropped.
    pub fn into_http(mut self) -> http::Request<Body> {
        let body = self.take_body();
        // A service (or an app mounted in this one) still sees them.
        if let Some(flag) = self.inner.flag.take() {
            self.inner.head.extensions.insert(flag);
        }
        if let Some(peer) = self.inner.peer.take() {
            self.inner.head.extensions.insert(peer);
        }
        http::Request::from_parts(self.inner.head, body)
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.inner.head.method
    }

    /// The full request URI.
    pub fn uri(&self) -> &Uri {
        &self.inner.head.uri
    }

    /// The path, still percent-encoded, e.g. `/articles/2024/`.
    pub fn path(&self) -> &str {
        self.inner.head.uri.path()
    }

    /// The host the request is for (`name[:port]`): the request target's
    /// authority (an HTTP/2 `:authority`, an HTTP/1.1 absolute-form URI) when
    /// it has one, else the `Host` header. A request whose two disagree, or
    /// that has two `Host` headers, was answered 400 before it got here, so
    /// this is the host `allowed_hosts` checked.
    pub fn host(&self) -> Option<&str> {
        super::authority::authority(&self.inner.head.uri, &self.inner.head.headers)
    }

    /// The raw query string, without the `?`.
    pub fn query_string(&self) -> Option<&str> {
        self.inner.head.uri.query()
    }

    /// The HTTP version.
    pub fn version(&self) -> Version {
        self.inner.head.version
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.head.headers
    }

    /// The request headers, mutable (for middleware that rewrites requests).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.inner.head.headers
    }

    /// Request-scoped data: middleware inserts, views read. Visible on both
    /// sides of a switch between async and sync code.
    pub fn extensions(&self) -> &Extensions {
        &self.inner.head.extensions
    }

    /// Request-scoped data, mutable.
    pub fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.inner.head.extensions
    }

    /// A route parameter by name, already percent-decoded and accepted by its
    /// converter (`<int:year>` → `param("year")`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.inner.params.get(name)
    }

    /// All route parameters, in the order of the route pattern.
    pub fn params(&self) -> &Params {
        &self.inner.params
    }

    pub(crate) fn set_params(&mut self, params: Params) {
        self.inner.params = params;
    }

    /// What the request sees of its app: state, limits, named routes.
    pub(crate) fn scope(&self) -> &Scope {
        &self.inner.scope
    }

    /// Takes the body out of the request (the spooled one, in a sync view);
    /// later calls get an empty body.
    pub fn take_body(&mut self) -> Body {
        match std::mem::replace(self.body_slot(), BodySlot::Taken) {
            BodySlot::Stream(body) => body,
            BodySlot::Spooled(spooled) => spooled.into_body(),
            BodySlot::Taken => Body::empty(),
        }
    }

    /// The body slot, for spooling (`extract/spool.rs`).
    pub(crate) fn body_slot(&mut self) -> &mut BodySlot {
        self.inner
            .body
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the whole body into memory, up to the app's body size limit
    /// (`App::max_body_size`); past it, an error that answers 413.
    pub async fn read_body(&mut self) -> Result<Bytes, Error> {
        let limit = self.inner.scope.limits.max_body_size;
        // Spooled for a sync part, and so read where it runs (a sync thread):
        // straight from the spool, already within the limit, without the
        // async file reads of `take_body`.
        match std::mem::replace(self.body_slot(), BodySlot::Taken) {
            BodySlot::Spooled(mut spooled) => return read_spooled(&mut spooled),
            other => *self.body_slot() = other,
        }
        let body = self.take_body();
        let body = limited(self.headers(), body, limit)?;
        match body.collect().await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(err) => Err(read_error(err, limit)),
        }
    }

    /// The body of a sync view's request, read to its end before the view ran:
    /// read it with `std::io::Read`. It can be taken once; a second call, a call
    /// after a body extractor (`Json`, `Form`, `Bytes`…), or a call from an
    /// async view (whose body is not spooled: use `BodyStream` or
    /// `read_body().await` there) is a 500 that says so.
    ///
    /// ```
    /// use std::io::Read;
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// fn size(req: &Request) -> Result<String, Error> {
    ///     let mut n = 0;
    ///     let mut buf = [0u8; 8192];
    ///     let mut body = req.body_reader()?;
    ///     loop {
    ///         match body.read(&mut buf)? {
    ///             0 => return Ok(n.to_string()),
    ///             read => n += read,
    ///         }
    ///     }
    /// }
    /// # let client = twain::test::Client::new(App::new().route("", size));
    /// # assert_eq!(client.post("/", "text/plain", "hello").text(), "5");
    /// ```
    ///
    /// To unit-test such a view with a request built by [`Request::from_http`],
    /// spool its body first with `twain::test::spool_body(&mut req).await`.
    pub fn body_reader(&self) -> Result<SpooledBody, Error> {
        let mut slot = self
            .inner
            .body
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match std::mem::replace(&mut *slot, BodySlot::Taken) {
            BodySlot::Spooled(body) => Ok(body),
            BodySlot::Taken => Err(Error::internal(
                "the request body was already taken (by `body_reader` or a body extractor such as `Json`, `Form`, `Bytes`)",
            )),
            stream @ BodySlot::Stream(_) => {
                *slot = stream;
                Err(Error::internal(
                    "the request body was not spooled: `Request::body_reader` works in sync views; async views read it with `BodyStream`, `Bytes` or `read_body().await`",
                ))
            }
        }
    }

    /// The path of the route named `name` (see `App::name`), with `params`
    /// filled in and percent-encoded: `req.reverse("article", &[("year", "2024")])`.
    pub fn reverse(&self, name: &str, params: &[(&str, &str)]) -> Result<String, Error> {
        self.inner
            .scope
            .names
            .reverse(name, params)
            .map_err(|err| Error::internal(err.to_string()))
    }

    /// Whether the client has gone away: a long sync view can check it between
    /// steps and stop early (it is never interrupted). Always `false` in the
    /// test clients.
    ///
    /// When the server notices the client has gone, it drops the request's
    /// future: an async view is cancelled at its next `.await`, and this flag
    /// is set. What hyper 1 lets it notice (read in hyper's source, and tested
    /// in `tests/bodies.rs`):
    /// - HTTP/1.1, once the request body has been read to its end (always so
    ///   for sync views, whose body is spooled first): hyper keeps reading the
    ///   socket while the view runs, and an EOF or reset (the client closed,
    ///   was killed, or half-closed its side) ends the connection;
    /// - HTTP/2: a `RST_STREAM` for the request (the client cancelled it) or
    ///   the connection closing.
    ///
    /// What it cannot notice:
    /// - an HTTP/1.1 client leaving while an async view has not read the body
    ///   to its end: hyper reads the socket only when the view asks for body
    ///   bytes, so the next read fails instead;
    /// - a client whose machine or network vanished without a FIN or RST:
    ///   nothing arrives, so nothing is seen until TCP gives up;
    /// - an HTTP/1.1 client that pipelined its next request: hyper does not
    ///   look past bytes already buffered;
    /// - an HTTP/1.1 client that half-closes but still wants the answer is
    ///   taken as gone (hyper's `half_close` is off).
    pub fn is_disconnected(&self) -> bool {
        self.flag().is_some_and(Disconnected::is_set)
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.inner.head.method)
            .field("uri", &self.inner.head.uri)
            .field("version", &self.inner.head.version)
            .field("headers", &self.inner.head.headers)
            .field("params", &self.inner.params)
            .finish_non_exhaustive()
    }
}

/// The whole of a spooled body, read with `std::io::Read`.
fn read_spooled(spooled: &mut SpooledBody) -> Result<Bytes, Error> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(spooled.len()).unwrap_or(0));
    spooled
        .read_to_end(&mut bytes)
        .map_err(|err| Error::internal(format!("cannot read the spooled request body: {err}")))?;
    Ok(Bytes::from(bytes))
}
