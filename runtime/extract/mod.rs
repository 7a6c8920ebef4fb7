//! **extract** — how view and middleware arguments are filled in from a
//! request: the [`FromRequest`] trait every argument kind implements,
//! [`FromParam`] for route parameters (`<int:year>` → `year: u32`), the
//! built-in extractors (`Query`, `Json`, `Form`, `Text`, `Header`, `State`,
//! `HeaderMap`, `Bytes`, `BodyStream`, `SpooledBody`), and **spooling**: reading
//! a body to its end before a sync part runs (`spool.rs`).
//!
//! May use: `core`, `exec`. See `docs/architecture.md`.

use std::future::Future;

use crate::core::{Request, Response};

mod body_stream;
mod forms;
mod from_param;
mod header;
mod query;
mod request_parts;
mod spool;
mod text;

pub use body_stream::BodyStream;
pub use forms::Form;
pub use from_param::FromParam;
pub use header::Header;
pub use query::Query;
pub(crate) use spool::spool;
pub use text::Text;

/// A value a view can take as an argument.
///
/// `name` is the argument's name as written in the view (`year` for
/// `year: u32`); route parameters use it to find their value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a view argument: twain does not know how to extract it from a request",
    label = "not an extractor or a route parameter",
    note = "view arguments are `Request` or `&Request`, route parameters (`u32`, `i64`, `String`, `Uuid`, … named like the `<int:name>` in the route), or extractors: `Query<T>`, `Json<T>`, `Form<T>`, `State<T>`, `HeaderMap`, `Method`, `Uri`, `Bytes`",
    note = "to use your own type as a route parameter, implement `twain::FromParam` for it"
)]
pub trait FromRequest: Sized + Send + 'static {
    /// `true` for route parameters: the route must have a parameter of the
    /// argument's name (checked when the `App` is built).
    const ROUTE_PARAM: bool = false;

    /// For a route parameter, what text it parses from ([`FromParam::KIND`]).
    #[doc(hidden)]
    const PARAM_KIND: crate::routing::ParamKind = crate::routing::ParamKind::Any;

    /// Extracts the value, or answers with an error response (4xx/5xx).
    fn from_request(
        req: &mut Request,
        name: &'static str,
    ) -> impl Future<Output = Result<Self, Response>> + Send;
}
