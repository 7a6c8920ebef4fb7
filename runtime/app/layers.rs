//! tower inside an app: any `tower::Layer` around the whole app
//! (`App::layer`) or around one route (`MethodRouter::layer`), and the one
//! boxed service type they all become. A layer's service takes an
//! `http::Request<twain::Body>`; whatever body type its response has
//! (tower-http's compression body, `ServeDir`'s file body, …) is boxed back
//! into a twain [`Body`], and an error it returns becomes a 500 that says so.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::FutureExt;
use http::StatusCode;
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceExt};

use crate::core::{Body, BoxError, Error, IntoResponse, Request, Response, Scope};
use crate::handler::{BoxFuture, Chain, ServiceEnd, answer};
use crate::routing::Params;

use super::builder::App;
use super::methods::{MethodRouter, Methods};

/// What every tower layer or mounted service inside an app becomes: a
/// cloneable service of twain requests and responses that never fails.
pub(crate) type HttpService = BoxCloneSyncService<http::Request<Body>, Response, Infallible>;

/// A tower layer, kept until the app is built and then applied to the
/// service it wraps.
pub(crate) type ApplyLayer = Arc<dyn Fn(HttpService) -> HttpService + Send + Sync>;

/// A tower service an app can mount (`App::mount`), route to
/// (`App::route_service`) or get from a layer (`App::layer`,
/// `MethodRouter::layer`): it takes an `http::Request<twain::Body>` and
/// answers an `http::Response` whose body yields `Bytes` (any body type: it
/// is boxed into a twain `Body`; an error becomes a 500). Every such service
/// implements it; you never implement it yourself.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a tower service twain can run",
    label = "expected a `tower::Service<http::Request<twain::Body>>` answering an `http::Response`",
    note = "the service must be `Clone + Send + Sync + 'static`, its future `Send`, its error `Into<Box<dyn Error + Send + Sync>>`, and its response body an `http_body::Body<Data = Bytes>` that is `Send`"
)]
pub trait TowerService:
    Service<
        http::Request<Body>,
        Response = http::Response<Self::ResponseBody>,
        Future: Send + 'static,
        Error: Into<BoxError>,
    > + Clone
    + Send
    + Sync
    + 'static
{
    /// The body of its responses.
    type ResponseBody: http_body::Body<Data = Bytes, Error: Into<BoxError>> + Send + 'static;
}

impl<S, B> TowerService for S
where
    S: Service<http::Request<Body>, Response = http::Response<B>> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type ResponseBody = B;
}

/// Boxes `layer` so it can be applied to an [`HttpService`] at build time.
pub(crate) fn apply_layer<L>(layer: L) -> ApplyLayer
where
    L: Layer<HttpService> + Send + Sync + 'static,
    L::Service: TowerService,
{
    Arc::new(move |inner| boxed(layer.layer(inner)))
}

/// Boxes any tower service of twain requests: its body boxed into a twain
/// [`Body`], its error (from `poll_ready` or the call) answered as a 500.
pub(crate) fn boxed(service: impl TowerService) -> HttpService {
    BoxCloneSyncService::new(IntoTwain {
        inner: service,
        not_ready: None,
    })
}

/// A tower service turned into one of twain responses that never fails.
#[derive(Clone)]
struct IntoTwain<S> {
    inner: S,
    /// Why the service could not take a request, answered to the next one.
    not_ready: Option<String>,
}

impl<S: TowerService> Service<http::Request<Body>> for IntoTwain<S> {
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        match self.inner.poll_ready(cx) {
            Poll::Ready(Err(err)) => {
                self.not_ready = Some(err.into().to_string());
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Ok(())) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        if let Some(err) = self.not_ready.take() {
            return Box::pin(std::future::ready(Ok(layer_failed(err.into()))));
        }
        let future = self.inner.call(request);
        Box::pin(future.map(|result| {
            Ok(match result {
                Ok(response) => response.map(Body::new),
                Err(err) => layer_failed(err.into()),
            })
        }))
    }
}

/// A service that failed instead of answering: a 500 saying why.
fn layer_failed(err: BoxError) -> Response {
    tracing::error!(error = %err, "a tower service inside the app failed");
    Error::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("a tower service inside the app failed: {err}"),
    )
    .into_response()
}

/// `layers` applied to `inner`, the first one outermost.
pub(crate) fn wrap(inner: HttpService, layers: &[ApplyLayer]) -> HttpService {
    layers
        .iter()
        .rev()
        .fold(inner, |service, layer| layer(service))
}

/// The end of a chain that hands the request to `service`: the route's
/// parameters travel in the request's extensions, for the views inside.
pub(crate) fn service_end(service: HttpService) -> ServiceEnd {
    Arc::new(move |req: Request| -> BoxFuture<Response> {
        let params = req.params().clone();
        let mut request = req.into_http();
        request.extensions_mut().insert(RouteParams(params));
        Box::pin(call(service.clone(), request))
    })
}

/// Calls a never-failing service once.
pub(crate) fn call(
    service: HttpService,
    request: http::Request<Body>,
) -> impl Future<Output = Response> + Send {
    service.oneshot(request).map(|result| match result {
        Ok(response) => response,
        Err(never) => match never {},
    })
}

/// A route's parameters, carried through a route's tower layers.
#[derive(Clone)]
struct RouteParams(Params);

/// The innermost service of a route with tower layers: back to a twain
/// `Request` (with the app's scope and the route's parameters), then the view
/// of its method, or the 405.
#[derive(Clone)]
pub(crate) struct RouteViews {
    pub(crate) methods: Arc<Methods<Arc<Chain>>>,
    pub(crate) not_allowed: Arc<Chain>,
    pub(crate) scope: Arc<Scope>,
}

impl Service<http::Request<Body>> for RouteViews {
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: http::Request<Body>) -> Self::Future {
        let params = request.extensions_mut().remove::<RouteParams>();
        let mut req = Request::new(request, self.scope.clone());
        if let Some(RouteParams(params)) = params {
            req.set_params(params);
        }
        let chain = self
            .methods
            .find(req.method())
            .unwrap_or(&self.not_allowed)
            .clone();
        Box::pin(async move { Ok(answer(&chain, req).await) })
    }
}

/// What a route holds of tower: its layers (first outermost), and the
/// service that answers it instead of views (a mount).
#[derive(Clone, Default)]
pub(crate) struct RouteTower {
    pub(crate) layers: Vec<ApplyLayer>,
    pub(crate) service: Option<HttpService>,
    /// Whether the service sees the path without the route's prefix.
    pub(crate) strip_prefix: bool,
}

impl MethodRouter {
    /// Wraps this route in a tower layer: every method, the 405 answer
    /// included (so `CorsLayer` answers a preflight `OPTIONS` on a `get` route).
    /// The app's middleware runs around it; the first layer added is the
    /// outermost. Its service sees an `http::Request<twain::Body>`; the body
    /// of the response it gives is boxed back into a twain `Body`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use twain::prelude::*;
    /// use twain::tower_http::timeout::TimeoutLayer;
    ///
    /// #[view]
    /// async fn slow() -> &'static str {
    ///     tokio::time::sleep(Duration::from_secs(5)).await;
    ///     "late"
    /// }
    ///
    /// let app = App::new().route(
    ///     "slow/",
    ///     get(slow).layer(TimeoutLayer::with_status_code(
    ///         StatusCode::REQUEST_TIMEOUT,
    ///         Duration::from_millis(10),
    ///     )),
    /// );
    /// # let client = twain::test::Client::new(app);
    /// # assert_eq!(client.get("/slow/").status(), 408);
    /// ```
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<HttpService> + Send + Sync + 'static,
        L::Service: TowerService,
    {
        self.1.layers.push(apply_layer(layer));
        self
    }
}

impl App {
    /// Wraps the whole app in a tower layer (tower-http's `TraceLayer`,
    /// `CompressionLayer`, `CorsLayer`, `TimeoutLayer`, or your own): it sees
    /// every request before routing and every response last, 404s included.
    /// Layers run outside the app's middleware; the first layer added is the
    /// outermost, as with [`App::middleware`]. The layer's service takes an
    /// `http::Request<twain::Body>`; the body of the response it gives is
    /// boxed back into a twain `Body`, and an error it returns is a 500.
    ///
    /// ```
    /// use twain::prelude::*;
    /// use twain::tower_http::compression::CompressionLayer;
    /// use twain::tower_http::cors::CorsLayer;
    /// use twain::tower_http::trace::TraceLayer;
    ///
    /// #[view]
    /// fn index() -> String {
    ///     "hello ".repeat(100)
    /// }
    ///
    /// let app = App::new()
    ///     .layer(TraceLayer::new_for_http())
    ///     .layer(CorsLayer::permissive())
    ///     .layer(CompressionLayer::new())
    ///     .route("", index);
    /// # let client = twain::test::Client::new(app);
    /// # let request = twain::http::Request::get("/").header("accept-encoding", "gzip").body(twain::Body::empty()).unwrap();
    /// # assert_eq!(client.request(request).header("content-encoding"), Some("gzip"));
    /// ```
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<HttpService> + Send + Sync + 'static,
        L::Service: TowerService,
    {
        self.tower_layers.push(apply_layer(layer));
        self
    }
}
