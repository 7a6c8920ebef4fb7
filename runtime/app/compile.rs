//! Building an app: every check of the route table and the middleware (all
//! problems collected into one [`BuildError`]), then the adapted chains — each
//! route's middleware and view per method, the 405 and the 404 — made once,
//! so no request pays for adapting. The result is the [`AppService`].

use std::sync::Arc;

use http::Method;

use crate::core::{Scope, StateMap};
use crate::exec::SyncPool;
use crate::handler::{Chain, Env, Layer, SlowPollWatch};

use super::config::AppConfig;
use super::error::{BuildError, Problem};
use super::methods::{MethodRouter, Methods};
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
    // `map` visits the routes in the order `routes` lists them.
    let patterns: Vec<String> = router.routes().map(|r| r.pattern.to_owned()).collect();
    let mut patterns = patterns.into_iter();
    let router = router.map(|methods| {
        let route = patterns.next();
        RouteChains::build(&methods, layers, (&pool, &slow, route.as_deref()))
    });
    let scope = Arc::new(Scope {
        state,
        limits: config.limits.clone(),
        names,
    });
    Ok(AppService::new(Compiled {
        not_found: Chain::to_not_found(layers, (&pool, &slow, None)),
        router,
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

/// The chains of one route, by method, and the one answering 405.
pub(crate) struct RouteChains {
    methods: Methods<Arc<Chain>>,
    not_allowed: Arc<Chain>,
}

impl RouteChains {
    fn build(router: &MethodRouter, layers: &[Layer], env: Env<'_>) -> Self {
        let methods = router.methods();
        RouteChains {
            methods: methods.map(|endpoint| Chain::to_view(layers, endpoint, env)),
            not_allowed: Chain::to_method_not_allowed(layers, methods.allow(), env),
        }
    }

    /// The chain answering `method` on this route.
    pub(crate) fn pick(&self, method: &Method) -> &Arc<Chain> {
        self.methods.find(method).unwrap_or(&self.not_allowed)
    }
}
