//! [`Request`]: what a view or middleware receives — the `http` request head,
//! the route's parameters, the body, and the app's shared state.

use std::sync::Arc;

use bytes::Bytes;
use http::{Extensions, HeaderMap, Method, Uri, Version};
use sync_wrapper::SyncWrapper;

use crate::app::Shared;
use crate::body::Body;
use crate::routing::Params;

/// An incoming HTTP request.
///
/// The head (method, URI, headers, extensions) is plain data; the body is read
/// through an extractor (`Json<T>`, `Form<T>`, `Bytes`) or [`Request::read_body`].
pub struct Request {
    head: http::request::Parts,
    params: Params,
    body: SyncWrapper<Option<Body>>,
    /// The body once spooled for a sync thread (see `spool.rs`).
    pub(crate) spooled: std::sync::Mutex<crate::spool::SpoolState>,
    shared: Arc<Shared>,
}

impl Request {
    pub(crate) fn new(request: http::Request<Body>, shared: Arc<Shared>) -> Self {
        let (head, body) = request.into_parts();
        Request {
            head,
            params: Params::default(),
            body: SyncWrapper::new(Some(body)),
            spooled: Default::default(),
            shared,
        }
    }

    /// Builds a request outside a server, for unit tests of views and middleware.
    /// It has no app state; prefer `twain::test::Client` to exercise a whole app.
    pub fn from_http<B>(request: http::Request<B>) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<crate::BoxError>,
    {
        Request::new(request.map(Body::new), Arc::default())
    }

    /// Turns this request back into an `http::Request` (for handing to other
    /// `tower` services). Route parameters are dropped.
    pub fn into_http(mut self) -> http::Request<Body> {
        let body = self.take_body();
        http::Request::from_parts(self.head, body)
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.head.method
    }

    /// The full request URI.
    pub fn uri(&self) -> &Uri {
        &self.head.uri
    }

    /// The path, still percent-encoded, e.g. `/articles/2024/`.
    pub fn path(&self) -> &str {
        self.head.uri.path()
    }

    /// The raw query string, without the `?`.
    pub fn query_string(&self) -> Option<&str> {
        self.head.uri.query()
    }

    /// The HTTP version.
    pub fn version(&self) -> Version {
        self.head.version
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// The request headers, mutable (for middleware that rewrites requests).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.head.headers
    }

    /// Request-scoped data: middleware inserts, views read. Visible on both
    /// sides of a switch between async and sync code.
    pub fn extensions(&self) -> &Extensions {
        &self.head.extensions
    }

    /// Request-scoped data, mutable.
    pub fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.head.extensions
    }

    /// A route parameter by name, already percent-decoded and accepted by its
    /// converter (`<int:year>` → `param("year")`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name)
    }

    /// All route parameters, in the order of the route pattern.
    pub fn params(&self) -> &Params {
        &self.params
    }

    pub(crate) fn set_params(&mut self, params: Params) {
        self.params = params;
    }

    /// Takes the body out of the request (the spooled one, in a sync view);
    /// later calls get an empty body.
    pub fn take_body(&mut self) -> Body {
        if let Some(spooled) = crate::spool::take_ready(self) {
            return spooled;
        }
        self.body.get_mut().take().unwrap_or_default()
    }

    /// Reads the whole body into memory, up to the app's body size limit
    /// (`App::max_body_size`); past it, an error that answers 413.
    pub async fn read_body(&mut self) -> Result<Bytes, crate::Error> {
        let limit = self.shared.config.max_body_size;
        crate::limits::check_declared_length(self.headers(), limit)?;
        let body = http_body_util::Limited::new(self.take_body(), limit);
        match http_body_util::BodyExt::collect(body).await {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(err) if err.is::<http_body_util::LengthLimitError>() => Err(crate::Error::new(
                http::StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body is larger than the limit of {limit} bytes"),
            )),
            Err(err) => Err(crate::Error::bad_request(format!(
                "could not read the request body: {err}"
            ))),
        }
    }

    /// The path of the route named `name` (see `App::name`), with `params`
    /// filled in and percent-encoded: `req.reverse("article", &[("year", "2024")])`.
    pub fn reverse(&self, name: &str, params: &[(&str, &str)]) -> Result<String, crate::Error> {
        self.shared
            .router
            .reverse(name, params)
            .map_err(|err| crate::Error::internal(err.to_string()))
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.head.method)
            .field("uri", &self.head.uri)
            .field("version", &self.head.version)
            .field("headers", &self.head.headers)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}
