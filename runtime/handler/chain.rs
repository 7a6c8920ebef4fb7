//! The adapted chain of one endpoint: its middleware (outermost first), then
//! the view or the 404/405 answer, each step with the way it is entered, fixed
//! once when the app is built: async code is awaited inline, the first sync
//! part switches to a sync thread, and inside it sync parts are called
//! directly and async parts driven on that thread (`exec/block_on.rs`). Why a
//! request so makes at most one switch: `docs/architecture.md`.

use std::fmt;
use std::sync::Arc;

use crate::core::{Request, Response};
use crate::exec::SyncPool;

use super::middleware::{Layer, MiddlewareHandler, SyncMiddlewareCall};
use super::next::Next;
use super::slow_poll::{SlowPollWatch, StepWatch};
use super::view::{BoxFuture, Endpoint, Handler, Mode};

/// What a chain is built with: the app's sync pool, its slow-poll watch, and
/// the route's pattern (`None` for the 404 chain).
pub(crate) type Env<'a> = (&'a Arc<SyncPool>, &'a Arc<SlowPollWatch>, Option<&'a str>);

/// What a step is called, in logs and panic messages: ``middleware `auth` ``.
#[derive(Clone, Copy)]
pub(crate) struct Label {
    kind: &'static str,
    name: &'static str,
}

impl Label {
    /// The metrics of this step on `route`.
    pub(super) fn metrics(self, route: Option<&str>) -> crate::ops::StepMetrics {
        crate::ops::StepMetrics::of(self.kind, self.name, route)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind, self.name)
    }
}

/// The code of one step.
pub(super) enum Code {
    AsyncMiddleware(fn(Request, Next) -> BoxFuture<Response>),
    SyncMiddleware(SyncMiddlewareCall),
    View(Handler),
    /// No route matched: 404.
    NotFound,
    /// The route matched, not the method: 405 with this `Allow` value.
    MethodNotAllowed(String),
    /// A service answers (a route's tower layers around its views, or a
    /// mounted tower service): async code, awaited like an async view.
    Service(ServiceEnd),
}

/// The end of a chain that is a service rather than a view: what `app` makes
/// of a route with tower layers, or of a mounted tower service.
pub(crate) type ServiceEnd = Arc<dyn Fn(Request) -> BoxFuture<Response> + Send + Sync>;

/// How a step is entered from the step around it.
pub(super) enum Entry {
    /// Async code awaited where its caller runs: on the worker, or inside the
    /// `block_on` of an enclosing async part on the sync thread.
    Await,
    /// Sync code: the request moves to a sync thread of the chain's pool
    /// here unless it is on one already. The build knows which (the first
    /// sync part switches, the ones inside it run on its thread); the run
    /// checks, so a `Next` moved to another task (`tokio::spawn`) still never
    /// blocks a worker.
    Switch,
    /// Sync code that never blocks (an `inline` view, a 404), called directly
    /// wherever it is reached.
    Call,
    /// Async code inside sync code: driven on the sync thread with `block_on`.
    BlockOn,
}

pub(super) struct Step {
    pub(super) label: Label,
    pub(super) code: Code,
    pub(super) entry: Entry,
    /// Its name and route for the slow-poll warnings (`slow_poll.rs`).
    pub(super) watch: StepWatch,
}

/// The steps one request goes through, outermost first; the last one answers.
pub(crate) struct Chain {
    pub(super) steps: Box<[Step]>,
    /// The app's sync pool: where `Switch` steps run, and the pool every sync
    /// job started while answering the request uses.
    pub(super) pool: Arc<SyncPool>,
    /// Atomic requests (`twain::db`): the database whose transaction wraps
    /// the request's sync part, from its switch to its response.
    #[cfg(feature = "sqlite")]
    pub(super) atomic: Option<crate::db::Db>,
    /// The app's slow-poll threshold and records (`slow_poll.rs`).
    pub(super) slow: Arc<SlowPollWatch>,
    /// The route's requests and latency (`ops`).
    #[cfg(feature = "metrics")]
    pub(crate) metrics: crate::ops::RouteMetrics,
}

/// Where each step's code runs, as the build sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Async,
    Sync,
    /// Sync code that never blocks (an `inline` view, a 404): no thread needed.
    Inline,
}

impl Chain {
    /// Adapts `layers` around `end`, logging each adaptation at debug level.
    fn build(
        layers: &[Layer],
        end: (Label, Code, Kind),
        (pool, slow, route): Env<'_>,
        log: bool,
    ) -> Arc<Chain> {
        let (end_label, _, _) = end;
        let parts = layers.iter().map(|layer| {
            let (code, kind) = match layer.handler {
                MiddlewareHandler::Async(f) => (Code::AsyncMiddleware(f), Kind::Async),
                MiddlewareHandler::Sync(f) => (Code::SyncMiddleware(f), Kind::Sync),
            };
            let label = Label {
                kind: "middleware",
                name: layer.info.name,
            };
            (label, code, kind)
        });
        let mut on_sync = false; // a sync part encloses this step
        let mut caller_sync = false; // the step just outside is sync
        let mut steps = Vec::with_capacity(layers.len() + 1);
        for (label, code, kind) in parts.chain([end]) {
            let entry = match kind {
                Kind::Async if caller_sync => Entry::BlockOn,
                Kind::Async => Entry::Await,
                Kind::Sync => Entry::Switch,
                Kind::Inline => Entry::Call,
            };
            if log {
                log_adaptation(label, end_label, &entry, on_sync);
            }
            on_sync |= kind == Kind::Sync;
            caller_sync = kind != Kind::Async;
            let watch = StepWatch::new(label, route);
            steps.push(Step {
                label,
                code,
                entry,
                watch,
            });
        }
        Arc::new(Chain {
            steps: steps.into_boxed_slice(),
            pool: pool.clone(),
            #[cfg(feature = "sqlite")]
            atomic: None,
            slow: slow.clone(),
            #[cfg(feature = "metrics")]
            metrics: crate::ops::RouteMetrics::of(route),
        })
    }

    /// The chain of a view: `layers` around `endpoint`.
    pub(crate) fn to_view(layers: &[Layer], endpoint: &Endpoint, env: Env<'_>) -> Arc<Chain> {
        Chain::build(layers, view_end(endpoint), env, true)
    }

    /// The chain of a view whose requests are atomic on `db` (see
    /// `twain::db`): a sync view's, from the request's switch to its sync
    /// thread to its response. An async view's chain is left as it is, and
    /// the build says so at debug level: it reaches the database through
    /// `db.run` / `db.atomic`, whose transactions are its own.
    #[cfg(feature = "sqlite")]
    pub(crate) fn to_atomic_view(
        layers: &[Layer],
        endpoint: &Endpoint,
        env: Env<'_>,
        db: &crate::db::Db,
    ) -> Arc<Chain> {
        let mut chain = Chain::build(layers, view_end(endpoint), env, true);
        if endpoint.info.mode != Mode::Sync {
            tracing::debug!(
                "view `{}` is {}: atomic requests do not wrap it; use `db.atomic(|tx| ..).await` in it",
                endpoint.info.name,
                endpoint.info.mode.as_str()
            );
            return chain;
        }
        tracing::debug!(
            "view `{}`: atomic requests, one transaction from the request's switch to its response",
            endpoint.info.name
        );
        if let Some(chain) = Arc::get_mut(&mut chain) {
            chain.atomic = Some(db.clone());
        }
        chain
    }

    /// The chain answering 405 on a route that answers only `allow`.
    pub(crate) fn to_method_not_allowed(
        layers: &[Layer],
        allow: String,
        env: Env<'_>,
    ) -> Arc<Chain> {
        let label = Label {
            kind: "answer",
            name: "405 Method Not Allowed",
        };
        let end = (label, Code::MethodNotAllowed(allow), Kind::Inline);
        Chain::build(layers, end, env, false)
    }

    /// The chain of a route answered by a service: `layers` around `end`.
    pub(crate) fn to_service(
        layers: &[Layer],
        name: &'static str,
        end: ServiceEnd,
        env: Env<'_>,
    ) -> Arc<Chain> {
        let label = Label {
            kind: "service",
            name,
        };
        Chain::build(layers, (label, Code::Service(end), Kind::Async), env, true)
    }

    /// The chain of a view alone, without middleware: what a route's tower
    /// layers wrap.
    pub(crate) fn to_bare_view(endpoint: &Endpoint, env: Env<'_>) -> Arc<Chain> {
        Chain::build(&[], view_end(endpoint), env, false)
    }

    /// The 405 answer alone, without middleware: what a route's tower layers
    /// wrap for the methods it does not answer.
    pub(crate) fn to_bare_method_not_allowed(allow: String, env: Env<'_>) -> Arc<Chain> {
        let label = Label {
            kind: "answer",
            name: "405 Method Not Allowed",
        };
        let end = (label, Code::MethodNotAllowed(allow), Kind::Inline);
        Chain::build(&[], end, env, false)
    }

    /// The chain answering a path no route matches.
    pub(crate) fn to_not_found(layers: &[Layer], env: Env<'_>) -> Arc<Chain> {
        let label = Label {
            kind: "answer",
            name: "404 Not Found",
        };
        Chain::build(layers, (label, Code::NotFound, Kind::Inline), env, true)
    }
}

fn log_adaptation(step: Label, end: Label, entry: &Entry, on_sync: bool) {
    match entry {
        Entry::Switch if on_sync => {} // runs on the thread it is reached on
        Entry::Switch => tracing::debug!(
            "{step} (sync) adapted for {end}: the request moves to a sync thread here, its one switch"
        ),
        Entry::BlockOn => tracing::debug!(
            "{step} (async) adapted for {end}: driven with Handle::block_on on the sync thread of the sync part around it"
        ),
        Entry::Await | Entry::Call => {}
    }
}

fn view_end(endpoint: &Endpoint) -> (Label, Code, Kind) {
    let label = Label {
        kind: "view",
        name: endpoint.info.name,
    };
    let kind = match endpoint.info.mode {
        Mode::Async => Kind::Async,
        Mode::Sync => Kind::Sync,
        Mode::Inline => Kind::Inline,
    };
    (label, Code::View(endpoint.handler), kind)
}
