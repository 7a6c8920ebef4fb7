//! **extract** — how view and middleware arguments are filled in from a
//! request: the [`FromRequest`] trait every argument kind implements,
//! [`FromParam`] for route parameters (`<int:year>` → `year: u32`), the
//! built-in extractors (`Query`, `Json`, `Form`, `Text`, `Header`, `State`,
//! `HeaderMap`, `Bytes`, `BodyStream`, `SpooledBody`), and **spooling**: reading
//! a body to its end before a sync part runs (`spool.rs`); the client's
//! address (`client_addr.rs`) and the WebSocket handshake (`websocket.rs`).
//!
//! May use: `core`, `exec`. See `docs/architecture.md`.

use std::future::Future;

use crate::core::{Request, Response};

mod body_stream;
mod client_addr;
mod forms;
mod from_param;
mod header;
mod query;
mod request_parts;
mod spool;
mod text;
#[cfg(feature = "ws")]
pub mod websocket;

pub use body_stream::BodyStream;
pub use client_addr::ClientAddr;
pub use forms::Form;
pub use from_param::FromParam;
pub use header::Header;
pub use query::Query;
pub(crate) use spool::{nothing_to_spool, spool};
pub use text::Text;

/// A value a view can take as an argument.
///
/// `name` is the argument's name as written in the view (`year` for
/// `year: u32`); route parameters use it to find their value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a view argument: twain does not know how to extract it from a request",
    label = "not an extractor or a route parameter",
    note = "view arguments are `Request` or `&Request`, route parameters (`u32`, `i64`, `String`, `Uuid`, … named like the `<int:name>` in the route), or extractors: `Query<T>`, `Json<T>`, `Form<T>`, `State<T>`, `HeaderMap`, `Method`, `Uri`, `Bytes`",
    note = "to use your own type as a route parameter, implement `twain::FromParam` for it",
    note = "a database connection (`twain::db::Conn`) is for sync views and sync middleware only: in async code take `db: Db` and call `db.run(|conn| ..).await`"
)]
pub trait FromRequest: Sized + Send + 'static {
    /// `true` for route parameters: the route must have a parameter of the
    /// argument's name (checked when the `App` is built).
    const ROUTE_PARAM: bool = false;

    /// `true` for arguments only an async view or middleware may take (a
    /// WebSocket upgrade lives on the async workers): taking one in a sync
    /// view is a compile error.
    const ASYNC_ONLY: bool = false;
    /// For a route parameter, what text it parses from ([`FromParam::KIND`]).
    #[doc(hidden)]
    const PARAM_KIND: crate::routing::ParamKind = crate::routing::ParamKind::Any;

    /// Extracts the value, or answers with an error response (4xx/5xx).
    fn from_request(
        req: &mut Request,
        name: &'static str,
    ) -> impl Future<Output = Result<Self, Response>> + Send;
}

/// A value a **sync** view or sync middleware can take as an argument,
/// extracted on its sync thread (the `cx` proves it): every [`FromRequest`]
/// type, and sync-only ones that may block or must stay on their thread, such
/// as a database connection (`twain::db::Conn`). Async views and `inline`
/// views, which run on the async workers, take only [`FromRequest`] types.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a view argument: twain does not know how to extract it from a request",
    label = "not an extractor or a route parameter",
    note = "view arguments are `Request` or `&Request`, route parameters (`u32`, `i64`, `String`, `Uuid`, … named like the `<int:name>` in the route), or extractors: `Query<T>`, `Json<T>`, `Form<T>`, `State<T>`, `HeaderMap`, `Method`, `Uri`, `Bytes`; in sync views also `twain::db::Conn`",
    note = "to use your own type as a route parameter, implement `twain::FromParam` for it"
)]
pub trait FromSyncRequest: Sized + 'static {
    /// `true` for route parameters (see [`FromRequest::ROUTE_PARAM`]).
    const ROUTE_PARAM: bool = false;

    /// `true` for arguments only async code may take (see
    /// [`FromRequest::ASYNC_ONLY`]).
    const ASYNC_ONLY: bool = false;

    /// For a route parameter, what text it parses from ([`FromParam::KIND`]).
    #[doc(hidden)]
    const PARAM_KIND: crate::routing::ParamKind = crate::routing::ParamKind::Any;

    /// Extracts the value on the sync thread, or answers with an error
    /// response (4xx/5xx).
    #[allow(clippy::result_large_err)] // a rejection is its response, as for `FromRequest`
    fn from_sync_request(
        req: &mut Request,
        name: &'static str,
        cx: crate::exec::Blocking<'_>,
    ) -> Result<Self, Response>;
}

impl<T: FromRequest> FromSyncRequest for T {
    const ROUTE_PARAM: bool = T::ROUTE_PARAM;
    const ASYNC_ONLY: bool = T::ASYNC_ONLY;
    const PARAM_KIND: crate::routing::ParamKind = T::PARAM_KIND;

    fn from_sync_request(
        req: &mut Request,
        name: &'static str,
        _: crate::exec::Blocking<'_>,
    ) -> Result<Self, Response> {
        // The body was spooled before the switch, so the built-in extractors
        // are ready at their first poll.
        crate::exec::block_on(T::from_request(req, name))
    }
}
