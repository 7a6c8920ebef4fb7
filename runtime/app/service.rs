//! [`AppService`]: a built app. Every request, from the server or a test
//! client, enters here: [`AppService::handle`] puts the body under its
//! deadlines (`core/body_deadline.rs`), watches for the client going away,
//! opens the request's `tracing` span, rejects a request that names two hosts
//! (`core/authority.rs`), routes the path, and hands the request to the chain
//! of its route and method (`handler`). The answer to a `HEAD` leaves
//! without its body, on every protocol ([`without_body`]). It is a
//! `tower::Service`, so it can sit behind tower-http layers or be mounted in
//! any hyper/tower stack, and a hyper service, which the server runs.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::FutureExt;
use http::header::{CONTENT_LENGTH, HeaderValue, TRANSFER_ENCODING};
use hyper::body::Incoming;
use tower::util::BoxCloneSyncService;
use tracing::Span;

use crate::core::{
    Armed, Body, BoxError, Disconnected, Error, IntoResponse, Request, Response, Scope,
    check_authority, with_deadlines,
};
use crate::exec::SyncPool;
use crate::handler::{Chain, SlowPoll, SlowPollWatch, first_step};
use crate::routing::Router;
use crate::server::ForPeer;
use crate::web::WebApp;

use super::compile::RouteChains;
use super::layers::{ApplyLayer, HttpService, call, wrap};
use super::request_future::{AppFuture, Stage, Timing};
use super::request_log::{request_span, started};

/// What every request of a built app shares.
pub(crate) struct Compiled {
    /// Each route's chains, adapted once at build time.
    pub(crate) router: Router<RouteChains>,
    /// The chain answering paths no route matches.
    pub(crate) not_found: Arc<Chain>,
    /// What a request sees of the app.
    pub(crate) scope: Arc<Scope>,
    pub(crate) pool: Arc<SyncPool>,
    /// The slow-poll threshold and the slow polls kept for a test client.
    pub(crate) slow: Arc<SlowPollWatch>,
    /// The app's web parts (templates), looked up once.
    pub(crate) web: WebApp,
}

/// A built twain app: cheap to clone, a `tower::Service` over any
/// `http::Request<B>` whose body yields `Bytes`.
#[derive(Clone)]
pub struct AppService {
    app: Arc<Compiled>,
    /// The app's tower layers (`App::layer`) around routing, if any.
    outer: Option<HttpService>,
    /// The client of the connection this copy serves, set by the server.
    peer: Option<SocketAddr>,
}

/// The server's copy for one connection: it gives each request the peer
/// itself, without putting it into the request's extensions (which would
/// be a map and two boxes per request). A request going through the app's
/// tower layers still gets it there.
impl ForPeer for AppService {
    type Service = AppService;

    fn for_peer(&self, peer: SocketAddr) -> AppService {
        AppService {
            peer: Some(peer),
            ..self.clone()
        }
    }
}

impl AppService {
    /// The app's state of type `T` (its `Db`, its task registry), if any.
    #[cfg(feature = "tasks")]
    pub(crate) fn state<T: Send + Sync + 'static>(&self) -> Option<crate::core::State<T>> {
        self.app.scope.state.get::<T>()
    }

    /// The app's scope (its state), for the task worker.
    #[cfg(feature = "tasks")]
    pub(crate) fn scope(&self) -> Arc<crate::core::Scope> {
        self.app.scope.clone()
    }

    pub(crate) fn new(app: Compiled) -> Self {
        AppService {
            app: Arc::new(app),
            outer: None,
            peer: None,
        }
    }

    /// The app's tower layers (`App::layer`, first outermost) around routing.
    pub(crate) fn with_layers(mut self, layers: &[ApplyLayer]) -> Self {
        if !layers.is_empty() {
            let routing = BoxCloneSyncService::new(Routing(self.app.clone()));
            self.outer = Some(wrap(routing, layers));
        }
        self
    }

    /// From now on, keeps every slow poll for [`AppService::take_slow_polls`].
    pub(crate) fn record_slow_polls(&self) {
        self.app.slow.record();
    }

    /// The slow polls kept since the last call, as messages.
    pub(crate) fn take_slow_polls(&self) -> Vec<SlowPoll> {
        self.app.slow.take()
    }

    /// Answers one request (what `Service::call` does, without the `Result`).
    ///
    /// Each request runs in an info-level `request` span with `method` and
    /// `path`, and `route` (the matched pattern), `status` and `latency_ms`
    /// recorded on it; when the answer is ready one info event,
    /// `finished`, target `twain::request`, is logged in it (see
    /// `docs/architecture.md`).
    pub fn handle<B>(
        &self,
        request: http::Request<B>,
    ) -> impl Future<Output = Response> + Send + use<B>
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        self.request_future(request).map(|result| {
            let Ok(response) = result;
            response
        })
    }

    /// The future that answers `request` (`request_future.rs`): the body
    /// under its deadlines, the disconnect guard, the span, routing and the
    /// chain (or the app's tower layers around them), the `HEAD` answer.
    fn request_future<B>(&self, request: http::Request<B>) -> AppFuture
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        let deadlines = self.app.scope.limits.body_deadlines;
        let head = request.method() == http::Method::HEAD;
        let mut request = request.map(|body| with_deadlines(Body::new(body), deadlines));
        let (armed, flag) = Armed::new();
        let span = request_span(&request);
        let started = started(&span);
        let stage = {
            // Routing runs here, not at the first poll: in the span.
            let _in_span = span.enter();
            match &self.outer {
                Some(service) => {
                    request.extensions_mut().insert(flag);
                    if let Some(peer) = self.peer {
                        request.extensions_mut().insert(peer);
                    }
                    (
                        Stage::Layers(Box::pin(call(service.clone(), request))),
                        Timing::default(),
                    )
                }
                None => route(&self.app, request, Some((flag, self.peer)), &span),
            }
        };
        let (stage, timing) = stage;
        AppFuture::new(stage, span, started, Some(armed), head, timing)
    }

    /// How many requests of this app moved from the async workers to a sync
    /// thread. Unlike the process-wide [`crate::stats::switches`], other apps
    /// (other tests running in parallel) do not add to it.
    pub fn switches(&self) -> u64 {
        self.app.pool.switches()
    }

    /// The path of the route named `name`, with `params` filled in.
    pub fn reverse(&self, name: &str, params: &[(&str, &str)]) -> Result<String, Error> {
        self.app
            .scope
            .names
            .reverse(name, params)
            .map_err(|err| Error::internal(err.to_string()))
    }
}

/// Checks the request's host, routes it, and starts its chain: all of it
/// here, so the future holds only the chain's (small) future and what the
/// finish step needs, not the request beside them.
fn route(
    app: &Compiled,
    request: http::Request<Body>,
    from_server: Option<(Disconnected, Option<SocketAddr>)>,
    span: &Span,
) -> (Stage, Timing) {
    #[cfg(feature = "metrics")]
    let since = crate::ops::Stamp::now();
    if let Err(err) = check_authority(request.uri(), request.headers()) {
        return (Stage::ready(err.into_response()), Timing::default());
    }
    let mut req = match from_server {
        Some((flag, peer)) => Request::of_app(request, app.scope.clone(), flag, peer),
        None => Request::new(request, app.scope.clone()),
    };
    let web = crate::web::begin(&app.web, &req);
    let chain = match app.router.at(req.path()) {
        Some(matched) => {
            // As a path (`/articles/<int:year>/`), so the root route is `/`.
            // Only into a span something records (recording into a disabled
            // one still looks the field up, and with tracing's `log`
            // feature formats a log record).
            if !span.is_disabled() {
                let route = format_args!("/{}", matched.pattern);
                span.record("route", tracing::field::display(route));
            }
            req.set_params(matched.params);
            matched.value.pick(req.method())
        }
        None => &app.not_found,
    };
    #[cfg(feature = "metrics")]
    let timing = Some((chain.metrics, req.method().clone(), since));
    #[cfg(not(feature = "metrics"))]
    let timing = ();
    let (step, pool) = first_step(chain, req);
    (Stage::chain(step, pool, web), timing)
}

/// The answer to a `HEAD`: its headers, `Content-Length` kept (or set from a
/// body of known size), and no body. hyper drops the body of a HEAD answer
/// on HTTP/1.1 only; on HTTP/2 it would send it as DATA (RFC 9110 §9.3.2).
pub(super) fn without_body(mut response: Response) -> Response {
    let headers = response.headers();
    let len = http_body::Body::size_hint(response.body()).exact();
    if let Some(len) = len
        && !headers.contains_key(CONTENT_LENGTH)
        && !headers.contains_key(TRANSFER_ENCODING)
    {
        response
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
    *response.body_mut() = Body::empty();
    response
}

/// Routing and the chains, as the innermost service of the app's tower
/// layers (whose boxed service boxes its future: not boxed here too).
#[derive(Clone)]
struct Routing(Arc<Compiled>);

impl tower_service::Service<http::Request<Body>> for Routing {
    type Response = Response;
    type Error = Infallible;
    type Future = AppFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let (stage, timing) = route(&self.0, request, None, &Span::current());
        AppFuture::new(stage, Span::none(), None, None, false, timing)
    }
}

impl<B> tower_service::Service<http::Request<B>> for AppService
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = AppFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        self.request_future(request)
    }
}

/// What the server runs. The future is not boxed: hyper keeps one slot per
/// connection for it, so a request allocates no box of its own.
impl hyper::service::Service<http::Request<Incoming>> for AppService {
    type Response = Response;
    type Error = Infallible;
    type Future = AppFuture;

    fn call(&self, request: http::Request<Incoming>) -> Self::Future {
        self.request_future(request)
    }
}
