//! [`AppService`]: a built app. Every request, from the server or a test
//! client, enters here: [`AppService::handle`] watches for the client going
//! away, opens the request's `tracing` span, routes the path, and hands the
//! request to the chain of its route and method (`handler`). It is a
//! `tower::Service`, so it can sit behind tower-http layers or be mounted in
//! any hyper/tower stack, and a hyper service, which the server runs.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::FutureExt;
use hyper::body::Incoming;
use tracing::Instrument;

use crate::core::{Body, BoxError, Disconnected, Error, Request, Response, Scope, watch};
use crate::exec::SyncPool;
use crate::handler::{BoxFuture, Chain, answer};
use crate::routing::Router;

use super::compile::RouteChains;

/// What every request of a built app shares.
pub(crate) struct Compiled {
    /// Each route's chains, adapted once at build time.
    pub(crate) router: Router<RouteChains>,
    /// The chain answering paths no route matches.
    pub(crate) not_found: Arc<Chain>,
    /// What a request sees of the app.
    pub(crate) scope: Arc<Scope>,
    pub(crate) pool: Arc<SyncPool>,
}

/// A built twain app: cheap to clone, a `tower::Service` over any
/// `http::Request<B>` whose body yields `Bytes`.
#[derive(Clone)]
pub struct AppService {
    app: Arc<Compiled>,
}

impl AppService {
    pub(crate) fn new(app: Compiled) -> Self {
        AppService { app: Arc::new(app) }
    }

    /// Answers one request (what `Service::call` does, without the `Result`).
    pub fn handle<B>(
        &self,
        request: http::Request<B>,
    ) -> impl Future<Output = Response> + Send + use<B>
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        let span = tracing::debug_span!(
            "request",
            method = %request.method(),
            path = %request.uri().path(),
        );
        let flag = Disconnected::default();
        let req = Request::watched(request.map(Body::new), self.app.scope.clone(), flag.clone());
        let answer = span.in_scope(|| route_and_answer(&self.app, req));
        watch(flag, answer.instrument(span))
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

/// Routes `req` now and gives the future of its chain's answer. Not an
/// `async fn`: that would store the chain's future twice in every request's.
fn route_and_answer(
    app: &Compiled,
    mut req: Request,
) -> impl Future<Output = Response> + Send + use<> {
    let chain = match app.router.at(req.path()) {
        Some(matched) => {
            req.set_params(matched.params);
            matched.value.pick(req.method())
        }
        None => &app.not_found,
    };
    answer(chain, req)
}

impl<B> tower_service::Service<http::Request<B>> for AppService
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        Box::pin(self.handle(request).map(Ok))
    }
}

/// What the server runs. The future is boxed: hyper keeps a slot per
/// connection sized for it, and idle keep-alive connections are many.
impl hyper::service::Service<http::Request<Incoming>> for AppService {
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn call(&self, request: http::Request<Incoming>) -> Self::Future {
        Box::pin(self.handle(request).map(Ok))
    }
}
