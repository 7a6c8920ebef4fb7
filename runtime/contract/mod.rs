//! **contract** — everything macro-generated code names
//! (`::twain::__private::…`), in one place: this table of re-exports, and
//! what exists only for generated code:
//! - `arities.rs`: the per-arity families: a view's `Handler` made from the
//!   runtime's generic adapter (`sync_handler_N`, `inline_handler_N`,
//!   `async_handler_N`), and what an async view or middleware derefs to
//!   (`async_view_deref_N`, `async_deref_N`). Written by `generate.rs`
//!   from one template per family, so a new kind of unit (a task, a
//!   consumer) is one more template. Generated rather than a
//!   `macro_rules!`: a bound a user's type fails is reported with a note at
//!   the family's code, and a note into a `macro_rules!` shows the macro's
//!   body and invocation, "this error originates in the macro"; generated
//!   code is plain code, readable where the note points.
//! - `unit.rs`: how the adapters hold the user's function without
//!   `unsafe` (a zero-sized closure's `&'static`);
//! - `must_be_send.rs`: the `Send` checks of async views and middleware;
//! - below: the helpers generated code calls spanned on the user's tokens,
//!   so an error lands on the argument or return type it is about.
//!
//! Not public API: it changes with the macros. It sits above every other
//! layer, and nothing in the runtime imports it (the built-in middleware
//! reach it only through `#[middleware]`'s expansion).

#[rustfmt::skip]
mod arities;
#[cfg(test)]
mod generate;
mod must_be_send;
mod unit;

pub use crate::core::{IntoResponse, Request, Response};
pub use crate::exec::{Blocking, MayBlock, sync_only_guard};
pub use crate::extract::FromRequest;
pub use crate::extract::FromSyncRequest;
pub use crate::handler::{
    BoxFuture, Handler, Middleware, MiddlewareHandler, MiddlewareInfo, Mode, Next, SyncNext, View,
    ViewArg, ViewInfo,
};
pub use ::core::future::Future;
pub use ::core::marker::Send;
pub use ::core::ops::Deref;
pub use ::core::pin::Pin;
pub use ::core::result::Result::{self, Err, Ok};
pub use ::std::boxed::Box;

// The per-arity families (`arities.rs`, generated): a view's `Handler`
// (`sync_handler_N`, `inline_handler_N`, `async_handler_N`) and what an
// async view or middleware derefs to (`async_view_deref_N`, with the view's
// `Send` check; `async_deref_N`).
pub use arities::*;

pub use must_be_send::{
    MiddlewareFutureMustBeSend, ViewFutureMustBeSend, async_middleware_must_be_send,
    async_view_must_be_send,
};
// `#[consumer]` (feature `channels`).
#[cfg(feature = "channels")]
pub use crate::channels::{AsyncConsumer, Incoming, Socket, SyncConsumer};
pub use crate::core::Error;
#[cfg(feature = "channels")]
pub use crate::extract::websocket::Message as WsMessage;

/// A sync consumer's `disconnect` that takes `Conn` and could not get one:
/// logged, and the handler is skipped.
#[cfg(all(feature = "channels", feature = "sqlite"))]
pub fn consumer_conn_failed(err: crate::db::DbError) {
    tracing::warn!(error = %err, "no database connection for a consumer's `disconnect`");
}

// `#[derive(FromRow)]` (feature `sqlite`).
#[cfg(feature = "sqlite")]
pub use crate::db::Row as SqlRow;
#[cfg(feature = "sqlite")]
pub use crate::db::{FromRow, Table};
/// What `#[task]` names (feature `tasks`).
#[cfg(feature = "tasks")]
pub use crate::tasks::contract as tasks;
/// What a derived `FromRow::from_row` returns.
#[cfg(feature = "sqlite")]
pub type SqlResult<T> = ::core::result::Result<T, crate::db::DbError>;

/// Converts a view's result; spanned on the view's return type, so a type that
/// is not a response is reported there.
#[inline]
pub fn into_response<T: IntoResponse>(value: T) -> Response {
    value.into_response()
}

/// Whether a view argument of type `T` is a route parameter; spanned on the
/// argument's type, so a type that is no extractor is reported there.
#[inline]
pub const fn route_param<T: FromRequest>() -> bool {
    T::ROUTE_PARAM
}

/// Whether a sync view's argument of type `T` is a route parameter; spanned
/// on the argument's type, as `route_param` is. An argument only async code
/// may take (`FromRequest::ASYNC_ONLY`, a WebSocket upgrade) fails to compile
/// here.
#[inline]
pub const fn sync_route_param<T: FromSyncRequest>() -> bool {
    assert!(!T::ASYNC_ONLY, "{}", ASYNC_ONLY_IN_SYNC_CODE);
    T::ROUTE_PARAM
}

/// [`sync_route_param`] for an `inline` view, which takes only [`FromRequest`]
/// types (it runs on the async workers, but as sync code).
#[inline]
pub const fn inline_route_param<T: FromRequest>() -> bool {
    assert!(!T::ASYNC_ONLY, "{}", ASYNC_ONLY_IN_SYNC_CODE);
    T::ROUTE_PARAM
}

const ASYNC_ONLY_IN_SYNC_CODE: &str = "`WebSocketUpgrade` (like any async-only argument) works only in async views and middleware: a WebSocket lives on the async workers, so make the function an `async fn`";

/// Drives an extractor's future to its end on the thread of an `inline`
/// view (on the worker; its body was spooled, so the built-in extractors are
/// ready at their first poll).
#[inline]
#[allow(clippy::result_large_err)] // the `FromRequest` contract: a rejection is its response
pub fn extract_now<T>(future: impl Future<Output = Result<T, Response>>) -> Result<T, Response> {
    crate::exec::block_on(future)
}

/// Boxes an async view's future for its `Deref` to a fn pointer (generic
/// here, so the coercion is checked once, not once per view).
#[inline]
pub fn box_future<F: Future + Send + 'static>(future: F) -> BoxFuture<F::Output> {
    Box::pin(future)
}

/// A view's `ViewInfo` arguments, read from its route export (`#[view]`'s
/// `__TWAIN_ROUTE`) in one const call.
pub const fn view_args<const N: usize>(args: &[RouteArg]) -> [ViewArg; N] {
    let mut out = [ViewArg {
        name: "",
        route_param: false,
    }; N];
    let mut i = 0;
    while i < N {
        out[i] = ViewArg {
            name: args[i].name,
            route_param: args[i].param,
        };
        i += 1;
    }
    out
}

/// What a middleware may return: [`IntoResponse`] types, with advice for
/// middleware when a type is not one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an HTTP response, so a middleware cannot return it",
    label = "this type does not implement `twain::IntoResponse`",
    note = "a middleware returns what `next.run(req)` gave it (a `Response`), or anything a view may return: `Response`, `String`, `StatusCode`, `(StatusCode, T)`, `Result<T, E>` of those, …"
)]
pub trait MiddlewareOutput {
    /// Builds the response.
    fn into_middleware_response(self) -> Response;
}

impl<T: IntoResponse> MiddlewareOutput for T {
    fn into_middleware_response(self) -> Response {
        self.into_response()
    }
}

/// Converts a middleware's result; spanned on the middleware's return type.
#[inline]
pub fn into_middleware_response<T: MiddlewareOutput>(value: T) -> Response {
    value.into_middleware_response()
}

// The compile-time route check (`#[routes]` and `#[view]`).
pub use crate::app::{RouteArg, RouteReport, RouteView, Routed, build_uri, check_route, check_uri};
pub use crate::routing::{Converter, ParamKind};

/// What `#[view]` exports of an async view's argument of type `T` for the
/// route check (`#[routes]`): one call, spanned on the argument's type, so a
/// type that is no extractor is reported there once. The view's own
/// `ViewInfo` reads `param` back from the export.
#[inline]
pub const fn route_arg<T: FromRequest>(name: &'static str, ty: &'static str) -> RouteArg {
    RouteArg {
        name,
        ty,
        param: T::ROUTE_PARAM,
        kind: T::PARAM_KIND,
    }
}

/// [`route_arg`] for a sync view, whose arguments are [`FromSyncRequest`]
/// types (a database `Conn` too); an async-only one fails to compile here.
#[inline]
pub const fn sync_route_arg<T: FromSyncRequest>(name: &'static str, ty: &'static str) -> RouteArg {
    assert!(!T::ASYNC_ONLY, "{}", ASYNC_ONLY_IN_SYNC_CODE);
    RouteArg {
        name,
        ty,
        param: T::ROUTE_PARAM,
        kind: T::PARAM_KIND,
    }
}

/// [`route_arg`] for an `inline` view: [`FromRequest`] types, none async-only.
#[inline]
pub const fn inline_route_arg<T: FromRequest>(name: &'static str, ty: &'static str) -> RouteArg {
    assert!(!T::ASYNC_ONLY, "{}", ASYNC_ONLY_IN_SYNC_CODE);
    route_arg::<T>(name, ty)
}
