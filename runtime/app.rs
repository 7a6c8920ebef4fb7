//! [`App`]: the builder users write (`App::new().route(..).run(addr)`) and the
//! compiled app every request shares.

use std::sync::Arc;
use std::time::Duration;

use crate::Error;
use crate::methods::IntoMethodRouter;
use crate::middleware::{Chain, Layer, Middleware, RouteChains, not_found_chain};
use crate::pool::SyncPool;
use crate::routes::Routes;
use crate::routing::Router;
use crate::service::AppService;
use crate::state::{AppConfig, StateMap};

/// A twain application: routes, state and limits. Build it, then serve it with
/// [`App::run`] (twain owns the runtime), [`App::serve`] (you own it), or turn
/// it into a `tower::Service` with [`App::into_service`].
///
/// ```no_run
/// use twain::prelude::*;
///
/// #[view]
/// fn index(_req: &Request) -> &'static str {
///     "hello"
/// }
///
/// fn main() -> Result<(), twain::Error> {
///     App::new().route("", index).run("127.0.0.1:8000")
/// }
/// ```
#[derive(Default)]
pub struct App {
    routes: Routes,
    middleware: Vec<Layer>,
    state: StateMap,
    config: AppConfig,
}

/// What every request of a built app shares.
pub(crate) struct Shared {
    pub(crate) state: StateMap,
    pub(crate) config: AppConfig,
    /// Each route's middleware chains, adapted once at build time.
    pub(crate) router: Router<RouteChains>,
    /// The chain answering paths no route matches.
    pub(crate) not_found: Arc<Chain>,
    pub(crate) pool: Arc<SyncPool>,
}

impl Default for Shared {
    fn default() -> Self {
        let config = AppConfig::default();
        let pool = Arc::new(SyncPool::new(config.sync_threads, config.sync_wait));
        Shared {
            not_found: not_found_chain(&[], &pool),
            pool,
            state: StateMap::default(),
            router: Router::new(),
            config,
        }
    }
}

impl App {
    /// An app with no routes.
    pub fn new() -> Self {
        App::default()
    }

    /// Adds a route: a Django-style pattern (`"articles/<int:year>/<slug:slug>/"`,
    /// no leading slash; converters `int`, `str`, `slug`, `uuid`, `path`) and
    /// the view that answers it (any method), or a `MethodRouter`
    /// (`get(show).post(update)`).
    pub fn route(mut self, pattern: &str, view: impl IntoMethodRouter) -> Self {
        self.routes = self.routes.route(pattern, view);
        self
    }

    /// Names the route added last, for [`Request::reverse`](crate::Request::reverse).
    pub fn name(mut self, name: &str) -> Self {
        self.routes = self.routes.name(name);
        self
    }

    /// Mounts a group of routes under `prefix` (Django's `include()`).
    pub fn include(mut self, prefix: &str, routes: Routes) -> Self {
        self.routes = self.routes.include(prefix, routes);
        self
    }

    /// Adds a middleware (a function marked `#[middleware]`). The first added is
    /// the outermost: it sees the request first and the response last, as in
    /// Django's `MIDDLEWARE` list. Middleware wraps routing too, so a 404 or
    /// 405 passes through it. Configure one with state it takes as an argument
    /// (`cfg: State<Config>`, registered with [`App::state`]).
    ///
    /// Async middleware runs on the async worker; the first sync part of a
    /// request moves it to a sync thread, and every part inside it runs on
    /// that thread: at most one switch per request (see `docs/middleware.md`).
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Layer::of(middleware));
        self
    }

    /// Registers shared state, read in views with the `State<T>` argument.
    /// One value per type; a second call for the same type replaces the first.
    pub fn state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }

    /// The largest request body accepted, in bytes (default 10 MiB); larger
    /// bodies get 413.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.config.max_body_size = bytes;
        self
    }

    /// How many sync views may run at once (default 64).
    pub fn sync_threads(mut self, threads: usize) -> Self {
        self.config.sync_threads = threads.max(1);
        self
    }

    /// How long a sync request waits for a free sync thread before it is
    /// answered 503 (default 10 s).
    pub fn sync_wait(mut self, wait: Duration) -> Self {
        self.config.sync_wait = wait;
        self
    }

    /// How long shutdown waits for in-flight requests (default 30 s).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.config.shutdown_timeout = timeout;
        self
    }

    /// How long a client may take to send its request head (default 30 s).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.config.header_read_timeout = timeout;
        self
    }

    /// How much of a sync view's request body is kept in memory before the
    /// rest goes to a temp file (default 2.5 MiB, like Django's
    /// `FILE_UPLOAD_MAX_MEMORY_SIZE`). Sync views get their body read to its
    /// end before they run, so they never touch the socket.
    pub fn spool_memory_limit(mut self, bytes: usize) -> Self {
        self.config.spool_memory_limit = bytes;
        self
    }

    /// The directory for the temp files of spooled request bodies (default:
    /// the system temp dir). The files have no name once created and are gone
    /// when the request is done, whatever happened to it.
    pub fn spool_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.config.spool_dir = Some(dir.into());
        self
    }

    pub(crate) fn config(&self) -> &AppConfig {
        &self.config
    }

    /// Compiles the route table and checks it (patterns, names, each view's
    /// arguments against its route's parameters): every problem is reported.
    pub fn into_service(self) -> Result<AppService, Error> {
        check_middleware_args(&self.middleware)?;
        let router = self.routes.compile()?;
        for route in router.routes() {
            for endpoint in route.value.endpoints() {
                tracing::debug!(
                    route = route.pattern,
                    name = route.name,
                    view = endpoint.info.name,
                    mode = endpoint.info.mode.as_str(),
                    "route added"
                );
            }
        }
        let pool = Arc::new(SyncPool::new(
            self.config.sync_threads,
            self.config.sync_wait,
        ));
        let layers = &self.middleware;
        let router = router.map(|methods| RouteChains::build(&methods, layers, &pool));
        Ok(AppService::new(Arc::new(Shared {
            not_found: not_found_chain(layers, &pool),
            state: self.state,
            config: self.config,
            router,
            pool,
        })))
    }
}

/// Middleware runs on every route, so it cannot take a route parameter.
fn check_middleware_args(layers: &[Layer]) -> Result<(), Error> {
    let problems: Vec<String> = layers
        .iter()
        .flat_map(|layer| {
            let info = layer.info;
            info.args.iter().filter(|arg| arg.route_param).map(move |arg| {
                format!(
                    "middleware `{}` takes `{}` as a route parameter, but middleware runs on every route; read it with `req.param(\"{}\")` instead",
                    info.name, arg.name, arg.name
                )
            })
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::internal(problems.join("\n")))
}
