//! The one table of paths that macro-generated code names
//! (`::twain::__private::…`). Not public API: it changes with the macros.

pub use crate::core::{IntoResponse, Request, Response};
pub use crate::exec::{Blocking, MayBlock, sync_only_guard};
pub use crate::extract::FromRequest;
pub use crate::handler::{
    BoxFuture, Handler, Middleware, MiddlewareHandler, MiddlewareInfo, MiddlewareOutput, Mode,
    Next, SyncCall, SyncMiddlewareCall, SyncNext, View, ViewArg, ViewInfo,
};
pub use ::core::future::Future;
pub use ::core::marker::Send;
pub use ::core::ops::Deref;
pub use ::core::pin::Pin;
pub use ::core::result::Result::{self, Err, Ok};
pub use ::std::boxed::Box;

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

/// Converts a middleware's result; spanned on the middleware's return type.
#[inline]
pub fn into_middleware_response<T: MiddlewareOutput>(value: T) -> Response {
    value.into_middleware_response()
}

// The compile-time route check (`#[routes]` and `#[view]`).
pub use crate::app::{RouteArg, RouteReport, RouteView, Routed, build_uri, check_route, check_uri};
pub use crate::routing::{Converter, ParamKind};

/// What text a view argument of type `T` parses from, when it is a route
/// parameter.
#[inline]
pub const fn param_kind<T: FromRequest>() -> ParamKind {
    T::PARAM_KIND
}
