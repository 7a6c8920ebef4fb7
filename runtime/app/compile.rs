//! Building an app: every check of the route table and the middleware (all
//! problems collected into one [`BuildError`]), then the adapted chains — each
//! route's middleware and view per method, the 405 and the 404 — made once,
//! so no request pays for adapting. The result is the [`AppService`].

use std::sync::Arc;

use http::Method;

use crate::core::{Scope, StateMap};
use crate::exec::SyncPool;
use crate::handler::{Chain, Endpoint, Env, Layer, SlowPollWatch};

use tower::util::BoxCloneSyncService;

use super::config::AppConfig;
use super::error::{BuildError, Problem};
use super::layers::{RouteViews, service_end, wrap};
use super::methods::{MethodRouter, Methods};
use super::mount::strip_prefix;
use super::routes::Routes;
use super::service::{AppService, Compiled};

/// Checks and compiles an app's parts into the service that answers requests.
pub(crate) fn compile(
    routes: Routes,
    layers: &[Layer],
    state: StateMap,
    config: &AppConfig,
) -> Result<AppService, BuildError> {
    let mut problems = Vec::new();
    check_middleware_args(layers, &mut problems);
    let router = routes.compile(&mut problems);
    BuildError::check(problems)?;
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
    let pool = Arc::new(SyncPool::new(config.sync_threads, config.sync_wait));
    let slow = Arc::new(SlowPollWatch::new(config.slow_poll_threshold));
    let names = router.clone().map(|_| ());
    let scope = Arc::new(Scope {
        state,
        limits: config.limits.clone(),
        names,
    });
    // `map` visits the routes in this order: each route's full pattern.
    let patterns: Vec<String> = router.routes().map(|r| r.pattern.to_owned()).collect();
    let mut patterns = patterns.into_iter();
    let router = router.map(|methods| {
        let pattern = patterns.next().unwrap_or_default();
        let env = (&pool, &slow, Some(pattern.as_str()));
        RouteChains::build(&methods, &pattern, layers, env, &scope)
    });
    Ok(AppService::new(Compiled {
        not_found: Chain::to_not_found(layers, (&pool, &slow, None)),
        router,
        web: crate::web::WebApp::of(&scope.state),
        scope,
        pool,
        slow,
    }))
}

/// Middleware runs on every route, so it cannot take a route parameter.
fn check_middleware_args(layers: &[Layer], problems: &mut Vec<Problem>) {
    for layer in layers {
        let info = layer.info;
        for arg in info.args.iter().filter(|arg| arg.route_param) {
            problems.push(Problem::MiddlewareParam {
                middleware: info.name,
                param: arg.name,
            });
        }
    }
}

/// The chains of one route, by method, and the one answering 405; or, for a
/// route with tower layers or a mounted service, one chain for every method
/// (the method is picked inside the layers, `app/layers.rs`).
pub(crate) struct RouteChains {
    methods: Methods<Arc<Chain>>,
    not_allowed: Arc<Chain>,
    tower: Option<Arc<Chain>>,
}

impl RouteChains {
    fn build(
        router: &MethodRouter,
        pattern: &str,
        layers: &[Layer],
        env: Env<'_>,
        scope: &Arc<Scope>,
    ) -> Self {
        let methods = router.methods();
        if let Some(tower) = tower_chain(router, pattern, layers, env, scope) {
            return RouteChains {
                methods: Methods::default(),
                not_allowed: tower.clone(),
                tower: Some(tower),
            };
        }
        RouteChains {
            methods: methods.map(|endpoint| view_chain(layers, endpoint, env, scope)),
            not_allowed: Chain::to_method_not_allowed(layers, methods.allow(), env),
            tower: None,
        }
    }

    /// The chain answering `method` on this route.
    pub(crate) fn pick(&self, method: &Method) -> &Arc<Chain> {
        if let Some(tower) = &self.tower {
            return tower;
        }
        self.methods.find(method).unwrap_or(&self.not_allowed)
    }
}

/// The chain of one view: atomic (feature `sqlite`) where the route or the
/// whole app asks for it and the app has a database, else plain.
fn view_chain(layers: &[Layer], endpoint: &Endpoint, env: Env<'_>, scope: &Scope) -> Arc<Chain> {
    #[cfg(feature = "sqlite")]
    if let Some(db) = scope.state.get::<crate::db::Db>()
        && (db.atomic_requests() || endpoint.atomic)
    {
        return Chain::to_atomic_view(layers, endpoint, env, &db);
    }
    let _ = scope;
    Chain::to_view(layers, endpoint, env)
}

/// The app's middleware around a route's tower layers, around its views (or
/// its mounted service); `None` for a route without either.
fn tower_chain(
    router: &MethodRouter,
    pattern: &str,
    layers: &[Layer],
    env: Env<'_>,
    scope: &Arc<Scope>,
) -> Option<Arc<Chain>> {
    let tower = &router.1;
    let (inner, name) = match &tower.service {
        Some(service) if tower.strip_prefix => (strip_prefix(pattern, service.clone()), "mounted"),
        Some(service) => (service.clone(), "route service"),
        None if tower.layers.is_empty() => return None,
        None => {
            let methods = router.methods();
            let views = RouteViews {
                methods: Arc::new(methods.map(|endpoint| Chain::to_bare_view(endpoint, env))),
                not_allowed: Chain::to_bare_method_not_allowed(methods.allow(), env),
                scope: scope.clone(),
            };
            (BoxCloneSyncService::new(views), "route layers")
        }
    };
    let service = wrap(inner, &tower.layers);
    Some(Chain::to_service(layers, name, service_end(service), env))
}
