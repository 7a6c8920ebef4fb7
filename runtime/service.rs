//! [`AppService`]: a built app as a `tower::Service`, so it can sit behind
//! tower-http layers or be mounted in any hyper/tower stack.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::FutureExt;

use crate::app::Shared;
use crate::body::{Body, BoxError};
use crate::disconnect::watch;
use crate::dispatch::dispatch;
use crate::response::Response;
use crate::view::BoxFuture;

/// A built twain app: cheap to clone, a `tower::Service` over any
/// `http::Request<B>` whose body yields `Bytes`.
#[derive(Clone)]
pub struct AppService {
    shared: Arc<Shared>,
}

impl AppService {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        AppService { shared }
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
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
        let shared = self.shared.clone();
        watch(request.map(Body::new), move |request| {
            dispatch(shared, request)
        })
    }

    /// How many requests of this app moved from the async workers to a sync
    /// thread. Unlike the process-wide [`crate::stats::switches`], other apps
    /// (other tests running in parallel) do not add to it.
    pub fn switches(&self) -> u64 {
        self.shared.pool.switches()
    }

    /// The path of the route named `name`, with `params` filled in.
    pub fn reverse(&self, name: &str, params: &[(&str, &str)]) -> Result<String, crate::Error> {
        self.shared
            .router
            .reverse(name, params)
            .map_err(|err| crate::Error::internal(err.to_string()))
    }
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
