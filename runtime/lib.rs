//! # twain
//!
//! Write each view as a plain `fn` or an `async fn`; one async HTTP handler runs
//! them all. Async views run inline on the tokio workers; sync views run on a
//! bounded pool of sync threads, never on a worker, so blocking code (rusqlite,
//! `std::fs`, a blocking SDK) cannot stall the server.
//!
//! ```no_run
//! use twain::prelude::*;
//!
//! #[view]
//! fn index(_req: &Request) -> &'static str {        // sync: runs off the async workers
//!     "hello"
//! }
//!
//! #[view]
//! async fn article(year: u32, slug: String) -> Result<String, Error> {
//!     if year < 2000 {
//!         return Err(Error::not_found("no articles before 2000"));
//!     }
//!     Ok(format!("{slug} ({year})"))
//! }
//!
//! fn main() -> Result<(), twain::Error> {
//!     App::new()
//!         .route("", index)
//!         .route("articles/<int:year>/<slug:slug>/", article)
//!         .name("article")
//!         .run("127.0.0.1:8000")
//! }
//! ```
//!
//! Routes are Django-style patterns with converters `int`, `str`, `slug`,
//! `uuid` and `path`; a view's arguments named like the route's parameters
//! receive them, converted to the argument's type. The test clients in
//! [`test`](mod@test) drive an app without a socket.
//!
//! # Bodies
//!
//! | view kind | request body                                                    | response body |
//! |-----------|-----------------------------------------------------------------|---------------|
//! | sync      | read to its end on the async side before the view runs, in memory up to `App::spool_memory_limit` (2.5 MiB) then in a temp file: [`SpooledBody`] / [`Request::body_reader`] (`std::io::Read`), or `Json`, `Form`, `Text`, `Bytes` | anything [`IntoResponse`]; [`Chunks`] pulls a sync `Iterator` on a sync thread, chunk by chunk |
//! | async     | streamed: [`BodyStream`] (`Stream` of `Bytes`, or `AsyncRead`), or whole: `Json`, `Form`, `Text`, `Bytes`, `Request::read_body` | anything [`IntoResponse`]; [`ByteStream`] sends an async `Stream` |
//!
//! [`FileResponse`] streams a file with its `Content-Length` and `Content-Type`.
//! A plain `String` argument is a route parameter; the body as text is [`Text`].
//!
//! # Limits
//!
//! A body over `App::max_body_size` (10 MiB) is a 413, at once when its
//! `Content-Length` says so, else as soon as the bytes received pass it; the
//! rest is not read. Malformed bodies and queries get 400, 415 or 422 with
//! serde's reason. A client has `App::header_read_timeout` to send its request
//! head, counted from its first byte, and no more than that to send the first
//! byte (slowloris). Sync views run on `App::sync_threads` threads; a request
//! that waits longer than `App::sync_wait` for one gets 503 with `Retry-After`,
//! while async views keep answering. Shutdown stops accepting at once and waits
//! `App::shutdown_timeout` for the requests in flight.
//!
//! # Clients that go away
//!
//! See [`Request::is_disconnected`] for exactly what is detected: when it is,
//! an async view is cancelled (its future dropped), a sync view's
//! `is_disconnected()` turns `true`, a response `Stream` or `Iterator` is
//! dropped, and a body still being spooled is thrown away (the view never
//! runs; its temp file is removed).

// Rejections are responses by design (`FromRequest`, the chain's steps).
#![allow(clippy::result_large_err)]

// Lets the built-in middleware use `#[middleware]`, whose expansion names
// `::twain::__private`.
extern crate self as twain;

mod app;
mod blocking;
mod body;
mod body_stream;
mod chunks;
mod disconnect;
mod dispatch;
mod error;
mod extract;
mod file;
mod first_bytes;
mod header;
mod limits;
mod methods;
mod panic;
mod pool;
mod request;
mod response;
mod routes;
// The router keeps its whole API (listing, lengths, errors) though the app
// uses part of it.
#[allow(dead_code, unused_imports)]
mod routing;
mod server;
mod service;
mod spool;
mod spooled_body;
mod state;
mod stream_out;
mod text;
mod view;

pub mod middleware;
pub mod prelude;
pub mod stats;
pub mod test;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use app::App;
pub use blocking::{Blocking, on_sync_thread};
pub use body::{Body, BoxError};
pub use body_stream::BodyStream;
pub use chunks::{Chunk, Chunks};
pub use error::Error;
pub use extract::{Form, FromParam, FromRequest, Query};
pub use file::FileResponse;
pub use header::Header;
pub use http::{self, HeaderMap, Method, StatusCode};
pub use methods::{IntoMethodRouter, MethodRouter, any, delete, get, options, patch, post, put};
pub use middleware::{Middleware, Next, SyncNext};
pub use request::Request;
pub use response::{Html, IntoResponse, Json, Response};
pub use routes::Routes;
pub use routing::{Converter, Params, ReverseError, RouteError};
pub use service::AppService;
pub use spooled_body::SpooledBody;
pub use state::State;
pub use stream_out::ByteStream;
pub use text::Text;
pub use view::{Mode, ViewInfo};

/// Turns a `fn` or `async fn` into a view that `App::route` accepts.
///
/// The mode comes from the signature: an `async fn` (or a `fn` returning
/// `impl Future`) runs inline on the async workers; a plain `fn` runs on a sync
/// thread. `#[view(inline)]` runs a cheap sync `fn` on the worker instead.
///
/// Arguments are the request (`Request` or `&Request`), route parameters
/// (named like the route's `<int:year>`, of any [`FromParam`] type), other
/// extractors ([`Query`], [`Json`], [`Form`], [`State`], `HeaderMap`, …), and
/// in sync views the [`Blocking`] capability. The result is anything
/// [`IntoResponse`].
///
/// ```
/// use twain::prelude::*;
///
/// #[view]
/// fn article(req: &Request, year: u32) -> String {
///     format!("{} asked for {year}", req.method())
/// }
///
/// // The function is still callable as written:
/// let req = Request::from_http(http_request());
/// assert_eq!(article(&req, 2024), "GET asked for 2024");
/// # fn http_request() -> twain::http::Request<String> { twain::http::Request::new(String::new()) }
/// ```
///
/// # What it expands to
///
/// The function is kept as written; beside it comes a unit struct of the same
/// name, which implements the runtime's view trait and derefs to the function:
///
/// ```text
/// #[derive(Clone, Copy)]
/// struct article;                       // what `.route("..", article)` receives
///
/// const _: () = {
///     fn article(req: &Request, year: u32) -> String { … }      // yours, untouched
///
///     impl Deref for article {          // keeps `article(&req, 2024)` working
///         type Target = fn(&Request, u32) -> String;
///         …
///     }
///     impl View for article {           // the adapter
///         // info(): name "article", mode Sync, route parameters ["year"]
///         // handler(): extract `year` from the route (404 if it does not
///         // convert), then run the fn on a sync thread and convert its result
///         // with IntoResponse
///     }
/// };
/// ```
///
/// # Errors it reports at compile time
///
/// `.await` in a sync view, generic views, `self` receivers, arguments that are
/// not extractors, results that are not responses, unknown options:
///
/// ```compile_fail
/// use twain::prelude::*;
///
/// #[view]
/// fn slow() -> String {
///     tokio::time::sleep(std::time::Duration::from_secs(1)).await; // error: `.await` in the sync view `slow`
///     "done".to_owned()
/// }
/// ```
#[doc(inline)]
pub use twain_macros::view;

/// Turns a `fn` or `async fn` into a middleware that `App::middleware` accepts.
///
/// - `fn name(req: Request, next: SyncNext) -> R` is **sync**: it runs on a
///   sync thread and gets the inner response with `next.run(req)`;
/// - `async fn name(req: Request, next: Next) -> R` is **async**: it runs on
///   the async worker and gets it with `next.run(req).await`.
///
/// Extra arguments before `next` are extractors, filled from the request like
/// a view's (`cfg: State<Config>` reads state registered with `App::state`);
/// `next` is always the last argument. `R` is anything [`IntoResponse`]. A
/// middleware may answer without calling `next` (short-circuit), change the
/// request before, and the response after. `#[middleware(allow_blocking)]` is
/// accepted as for views.
///
/// ```
/// use twain::prelude::*;
///
/// /// Sync: may block (here, a thread-local "transaction" the view can see).
/// #[middleware]
/// fn tag(mut req: Request, next: SyncNext) -> Response {
///     req.headers_mut().insert("x-tagged", "yes".parse().unwrap());
///     next.run(req)
/// }
///
/// /// Async, with a short-circuit.
/// #[middleware]
/// async fn members_only(req: Request, next: Next) -> Result<Response, Error> {
///     if req.headers().contains_key("authorization") {
///         Ok(next.run(req).await)
///     } else {
///         Err(Error::new(StatusCode::UNAUTHORIZED, "log in first"))
///     }
/// }
///
/// #[view]
/// fn index(req: &Request) -> String {
///     format!("tagged: {:?}", req.headers().get("x-tagged"))
/// }
///
/// let app = App::new().middleware(members_only).middleware(tag).route("", index);
/// # let _ = app;
/// ```
///
/// Where each part runs, and why a request switches threads at most once:
/// [`middleware`](mod@middleware) and `docs/middleware.md`.
///
/// # What it expands to
///
/// As with [`view`], the function is kept as written; beside it comes a unit
/// struct of the same name implementing [`Middleware`] (name, mode, and an
/// adapter that extracts the extra arguments, then runs the function) and
/// dereferencing to the function, so `tag(req, next)` still calls it.
///
/// # Errors it reports at compile time
///
/// A missing `next`, `Next` in a sync middleware or `SyncNext` in an async one,
/// `next` not last, `.await` in a sync middleware, a result that is not a
/// response, unknown options:
///
/// ```compile_fail
/// use twain::prelude::*;
///
/// #[middleware]
/// fn wrong(req: Request, next: Next) -> Response { // error: a sync middleware takes `SyncNext`
///     next.run(req)
/// }
/// ```
#[doc(inline)]
pub use twain_macros::middleware;
