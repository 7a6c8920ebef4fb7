//! The contract between `#[view]` and the runtime: the [`View`] trait the macro
//! implements on the unit struct it generates, the [`Mode`] it decided from the
//! signature, and the [`Handler`] the runtime drives.

use std::future::Future;
use std::pin::Pin;

use crate::core::{Request, Response};
use crate::exec::Blocking;

/// A boxed, `Send` future: what async handlers return.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// The adapter of an async view: extracts the arguments and runs the
/// user's function. Adapters are `&'static dyn Fn`, not fn pointers, so a
/// generic one can hold the user's function (a zero-sized fn item: the
/// reference points at nothing and its call costs what a pointer's does).
pub type AsyncCall = &'static (dyn Fn(Request) -> BoxFuture<Response> + Send + Sync);

/// The adapter of a sync view: extracts the arguments and runs the user's
/// function, all where it is called (on a sync thread, or on the worker when
/// `inline`): a body is parsed on the thread the view runs on.
pub type SyncCall = &'static (dyn for<'cx> Fn(Request, Blocking<'cx>) -> Response + Send + Sync);

/// The adapter of a sync view that takes no arguments: it needs nothing of
/// the request, which the runtime lets go before the view runs (on the
/// async worker, where it was allocated; its body unread and not spooled).
pub type SyncCallAlone = &'static (dyn for<'cx> Fn(Blocking<'cx>) -> Response + Send + Sync);

/// Where a view runs, decided by `#[view]` from the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `async fn` (or `fn … -> impl Future`): runs inline on the async workers.
    Async,
    /// Plain `fn`: runs on a sync thread, never on an async worker.
    Sync,
    /// `#[view(inline)] fn`: a cheap, non-blocking sync fn run on the worker.
    Inline,
}

impl Mode {
    /// `async`, `sync` or `inline`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Async => "async",
            Mode::Sync => "sync",
            Mode::Inline => "inline",
        }
    }
}

/// One argument of a view, as the route table checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewArg {
    /// The argument's name as written.
    pub name: &'static str,
    /// Whether it is a route parameter (its name must be in the route).
    pub route_param: bool,
}

/// What the runtime knows of a view without calling it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewInfo {
    /// The function's name.
    pub name: &'static str,
    /// Where it runs.
    pub mode: Mode,
    /// Its extracted arguments (not `Request`/`&Request`).
    pub args: &'static [ViewArg],
}

impl ViewInfo {
    /// The names of the route parameters the view takes.
    pub fn route_params(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.args.iter().filter(|a| a.route_param).map(|a| a.name)
    }
}

/// How the runtime calls a view.
#[derive(Clone, Copy)]
pub enum Handler {
    /// Extracts the arguments and runs the async function.
    Async(AsyncCall),
    /// Extracts the arguments and runs the sync function, where the mode says.
    Sync(SyncCall),
    /// Runs the sync function, which takes no arguments, where the mode says.
    SyncAlone(SyncCallAlone),
}

/// A view: implemented by `#[view]` on the unit struct named like the function.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a twain view",
    label = "expected a function marked `#[view]`",
    note = "add `#[twain::view]` above the function, or pass a `MethodRouter` such as `get(view)`"
)]
pub trait View: Send + Sync + 'static {
    /// Name, mode and arguments.
    fn info(&self) -> ViewInfo;
    /// The adapter the runtime drives.
    fn handler(&self) -> Handler;
}

/// A view with its name, mode and adapter, as a route holds it.
#[derive(Clone, Copy)]
pub(crate) struct Endpoint {
    pub(crate) info: ViewInfo,
    pub(crate) handler: Handler,
    /// Marked with `MethodRouter::atomic`: an atomic request (`twain::db`).
    /// Never set without the data layer (`atomic` is a `sqlite` feature API).
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub(crate) atomic: bool,
}

impl Endpoint {
    pub(crate) fn of(view: impl View) -> Self {
        Endpoint {
            info: view.info(),
            handler: view.handler(),
            atomic: false,
        }
    }
}
