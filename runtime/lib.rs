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
//! fn main() -> Result<(), twain::ServeError> {
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
//! byte (slowloris). Sync work runs on at most `App::sync_threads` threads at
//! once (sync views and middleware, `sync_to_async`, `Chunks` pulls, spool
//! writes); a request that waits longer than `App::sync_wait` for one gets 503
//! with `Retry-After`, while async views keep answering. Shutdown stops
//! accepting at once and waits `App::shutdown_timeout` for the requests in
//! flight.
//!
//! # Clients that go away
//!
//! See [`Request::is_disconnected`] for exactly what is detected: when it is,
//! an async view is cancelled (its future dropped), a sync view's
//! `is_disconnected()` turns `true`, a response `Stream` or `Iterator` is
//! dropped, and a body still being spooled is thrown away (the view never
//! runs; its temp file is removed).

// Lets the built-in middleware use `#[middleware]`, whose expansion names
// `::twain::__private`.
extern crate self as twain;

// The layers, each importing only those below it (docs/architecture.md):
// routing and server are leaves; core (over routing), ops (metrics), then
// exec, then extract and respond, web (cookies, sessions, CSRF, uploads,
// templates), db, handler, middleware, and app (which hands its service to
// server); the test clients on top.
mod app;
#[cfg(feature = "channels")]
pub mod channels;
mod core;
#[cfg(feature = "sqlite")]
pub mod db;
mod exec;
mod extract;
mod handler;
pub mod middleware;
pub mod ops;
mod respond;
mod routing;
mod server;
#[cfg(feature = "tasks")]
pub mod tasks;
pub mod web;

pub mod prelude;
pub mod test;

// What only macro-generated code names: `::twain::__private::…`.
#[doc(hidden)]
#[path = "contract/mod.rs"]
pub mod __private;

pub use app::{
    App, AppFuture, AppService, BuildError, IntoMethodRouter, MethodRouter, Problem, Routes,
    ServeError, TowerService, any, delete, get, options, patch, post, put,
};
pub use core::SafePath;
pub use core::{
    Body, BoxError, Error, Html, IntoResponse, Json, Request, Response, SpooledBody, State, stats,
};
pub use exec::{Blocking, MayBlock, async_to_sync, may_block_here, on_sync_thread, sync_to_async};
pub use extract::FromSyncRequest;
pub use extract::{BodyStream, Form, FromParam, FromRequest, Header, Query, Text};
pub use handler::{Middleware, Mode, Next, SyncNext, ViewInfo};
pub use http::{self, HeaderMap, Method, StatusCode};
pub use respond::{ByteStream, Chunk, Chunks, FileResponse};
pub use routing::{Converter, Params, ReverseError, RouteError};

// What every web app needs (tower inside the app, redirects, events, sockets,
// the client's address), and the crates a user's code names, so an example
// builds with only `twain` and `serde` as dependencies.
pub use bytes::{self, Bytes};
pub use extract::ClientAddr;
#[cfg(feature = "ws")]
pub use extract::websocket as ws;
pub use futures_util as futures;
pub use respond::sse;
pub use respond::{Redirect, WithContentType};
pub use serde_json::{self, json};
pub use server::{Server, serve_service as serve};
pub use tokio;
pub use tower;
#[cfg(feature = "tower-http")]
pub use tower_http;
pub use tracing;

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
/// struct article;                       // what `.route("..", article)` receives
///
/// const _: () = {
///     #[deny(unused_must_use)]          // sync views: a dropped future is an error
///     fn article(req: &Request, year: u32) -> String { … }      // yours, untouched
///
///     // async views are checked to return a `Send` future instead, and one
///     // that is not is reported at the view's name ("async view `x` must be
///     // Send, …", from the bound of a runtime fn shared by all views): in the
///     // `Deref` below (`async_view_deref_N::<x, ..>(x)`), or, for a view
///     // whose `Deref` has a shim of its own, in a never-called
///     //   fn send_check(p0: ..) { async_view_must_be_send::<x>(x(p0)) }
///
///     impl Deref for article {          // keeps `article(&req, 2024)` working
///         type Target = fn(&Request, u32) -> String;
///         // (an async view: `dyn Fn(..) -> BoxFuture<..>`, its future boxed)
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
/// # Reaching twain under another name: `crate = "path"`
///
/// Generated code names the runtime as `::twain`. If your crate depends on
/// twain under another name (`tw = { package = "twain", .. }`), or reaches it
/// through a crate that re-exports it, tell the macro where it is:
/// `#[view(crate = "tw")]`, `#[middleware(crate = "my_facade::twain")]`,
/// `#[sync_only(crate = "tw")]`. The value is a string holding a path,
/// resolved where the attribute is written, as a `use` there would be: from a
/// nested module, a re-export in your own crate is
/// `crate = "crate::facade::twain"`. It combines with the other options
/// (`#[view(inline, crate = "tw")]`) and may be given once. A value that is
/// not a string, not a path, or a path that does not resolve is a compile
/// error at that value.
///
/// # Errors it reports at compile time
///
/// Every diagnostic, with a failing snippet and the fix, is listed in
/// `docs/diagnostics.md`. `.await` in a sync view, generic views, `self`
/// receivers, arguments that are not extractors, results that are not
/// responses, unknown options:
///
/// A known blocking call in an async view (or an `inline` one) is an error at
/// the call, naming the non-blocking alternative; calls inside closures given
/// to `sync_to_async` / `spawn_blocking` / `block_in_place`, and nested `fn`
/// items, are not flagged, and `#[view(allow_blocking)]` turns the check off.
/// Paths are matched as written or through a `use` — inside the function or
/// at the top of its module (read from the source file; the module's own
/// `mod thread` or `fn sleep` are yours, never std's) — and blocking methods
/// on values of known std types (`let mut git = Command::new("git");
/// git.output()`, `path.exists()` on a `PathBuf`) are found too. What no
/// compile-time check can see (a blocking call inside a helper function) is
/// reported at run time, see [`App::slow_poll_threshold`] and
/// `docs/diagnostics.md`:
///
/// ```compile_fail
/// use twain::prelude::*;
///
/// #[view]
/// async fn slow() -> &'static str {
///     std::thread::sleep(std::time::Duration::from_secs(1)); // error: blocking call in async view `slow`: … use `tokio::time::sleep(duration).await`
///     "done"
/// }
/// ```
///
/// An async view whose future is not `Send` is reported at its name:
///
/// ```compile_fail,E0277
/// use twain::prelude::*;
///
/// #[view]
/// async fn counter() -> String {      // error: async view `counter` must be Send, but the future it returns is not
///     let local = std::rc::Rc::new(1);
///     tokio::task::yield_now().await;
///     local.to_string()
/// }
/// ```
///
/// In a sync view, a future called and dropped without being awaited is an
/// error (`#[deny(unused_must_use)]` is put on the function; this also makes
/// an ignored `Result` an error there: discard one with `let _ = ...`):
///
/// ```compile_fail
/// use twain::prelude::*;
///
/// #[view]
/// fn forgetful() -> &'static str {
///     tokio::time::sleep(std::time::Duration::from_secs(1)); // error: unused implementer of `Future` that must be used
///     "done"
/// }
/// ```
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
/// `#[middleware(crate = "tw")]` reaches twain under another name, as for
/// [`view`](macro@view).
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

/// Marks a blocking function as a sync-only API: async code cannot call it.
///
/// The function takes the [`Blocking`] capability as its first argument
/// (after `self`), which only sync code holds. The macro turns that argument
/// into `impl` of a trait only `Blocking` implements, whose error names the
/// function and the fix, and starts the body with a run-time guard.
///
/// ```
/// use twain::prelude::*;
///
/// #[sync_only]
/// fn count_rows(cx: Blocking, table: &str) -> usize {
///     std::thread::sleep(std::time::Duration::from_millis(1)); // a blocking driver
///     table.len()
/// }
///
/// #[view]
/// fn rows(cx: Blocking) -> String {                     // sync view: has a `cx`
///     count_rows(cx, "users").to_string()
/// }
///
/// #[view]
/// async fn rows_async() -> Result<String, Error> {       // async view: borrows one
///     Ok(twain::sync_to_async(|cx| count_rows(cx, "users")).await?.to_string())
/// }
/// # let client = twain::test::Client::new(App::new().route("a", rows).route("b", rows_async));
/// # assert_eq!(client.get("/a").text(), "5");
/// # assert_eq!(client.get("/b").text(), "5");
/// ```
///
/// # What it expands to
///
/// ```text
/// #[diagnostic::on_unimplemented(
///     message = "`count_rows` is sync-only: `{Self}` cannot prove that this code may block",
///     note = "async views run on the executor: move the call into `twain::sync_to_async(|cx| count_rows(cx, ..))`, …")]
/// trait __twain_sync_only_count_rows<'cx>: MayBlock<'cx> {}
/// impl<'cx> __twain_sync_only_count_rows<'cx> for Blocking<'cx> {}
///
/// fn count_rows(__twain_cx: impl __twain_sync_only_count_rows<'_>, table: &str) -> usize {
///     let cx: Blocking = MayBlock::into_blocking(__twain_cx);
///     twain::__private::sync_only_guard("count_rows");   // panics on an async worker
///     { /* your body, untouched */ }
/// }
/// ```
///
/// Methods (`fn f(&self, cx: Blocking, ..)` in an `impl` block) take
/// `impl MayBlock<'_>` instead, whose error is the same without the name.
///
/// `#[sync_only(crate = "tw")]` reaches twain under another name, as for
/// [`view`](macro@view); it takes no other option.
///
/// # Errors it reports at compile time
///
/// A call from async code, which has no `Blocking` to pass:
///
/// ```compile_fail,E0277
/// use twain::prelude::*;
///
/// #[sync_only]
/// fn count_rows(cx: Blocking, table: &str) -> usize { table.len() }
///
/// #[view]
/// async fn rows(req: Request) -> String {
///     count_rows(&req, "users").to_string() // error: `count_rows` is sync-only: `&Request` cannot prove that this code may block
/// }
/// ```
///
/// A sync-only function without the capability, or `async`:
///
/// ```compile_fail
/// #[twain::sync_only]
/// fn count_rows(table: &str) -> usize { table.len() } // error: a `#[sync_only]` function takes the capability first
/// ```
///
/// # The run-time guard
///
/// Safe code cannot bring a `Blocking` onto an async worker. If `unsafe`
/// code does, the guard panics: "the sync-only function `count_rows` was
/// called on an async worker thread, … call it from a sync view or
/// middleware, or from inside `twain::sync_to_async(|cx| count_rows(cx, ..))`".
#[doc(inline)]
pub use twain_macros::sync_only;

/// Marks a function, method or `impl` block of your app whose blocking is
/// deliberate, so async code may call it: `#[view]` and `#[middleware]`
/// follow calls from async code into your own functions, and a known
/// blocking call found there is a compile error at the call (with the
/// chain of calls); a function marked `#[allow_blocking]` is not followed.
/// The item is passed through unchanged.
///
/// ```
/// use twain::prelude::*;
///
/// /// Reads a few bytes, once, at start-up: fine to block.
/// #[twain::allow_blocking]
/// fn version() -> String {
///     std::fs::read_to_string("VERSION").unwrap_or_default()
/// }
///
/// #[view]
/// async fn about() -> String {
///     version()
/// }
/// # fn main() {}
/// ```
///
/// Without the attribute, `about` fails to compile: "blocking call in async
/// view `about`: `about` calls `version` (src/main.rs:5), which calls
/// `std::fs::read_to_string` …". See docs/diagnostics.md.
#[doc(inline)]
pub use twain_macros::allow_blocking;

/// Checks the routes of the function it is on at compile time: for every
/// `.route("pattern", view)` in it (a view, or a method router like
/// `get(show).post(update)`), the pattern's parameters must be the view's
/// route arguments, and each converter must be able to give the argument's
/// type. A mismatch fails `cargo build` at the pattern, naming both sides and
/// the fix; a bad pattern is an error at the string. Put it on the function
/// that builds your app:
///
/// ```
/// use twain::prelude::*;
///
/// #[view]
/// fn article(id: u32) -> String {
///     format!("article {id}")
/// }
///
/// #[routes]
/// fn app() -> App {
///     App::new().route("articles/<int:id>/", article).name("article")
/// }
/// # let _ = app();
/// ```
///
/// ```compile_fail
/// use twain::prelude::*;
///
/// #[view]
/// fn article(ident: u32) -> String {
///     format!("article {ident}")
/// }
///
/// #[routes]
/// fn app() -> App {
///     // error: route `articles/<int:id>/` has the parameter `<int:id>`, but view
///     // `article` takes no argument `id` (its route parameters: `ident: u32`); …
///     App::new().route("articles/<int:id>/", article)
/// }
/// ```
///
/// In a `Routes` group (mounted with `include`), a view may also take the
/// parameters of the prefix it is mounted under, so there only the pattern's
/// own parameters are checked. Routes built elsewhere (a pattern that is not
/// a string literal, a view held in a variable) are checked when the app is
/// built, as without the attribute. Options: `crate = "path"`, as for
/// [`view`](macro@view).
#[doc(inline)]
pub use twain_macros::routes;

/// The path of a view's route, built at compile time from the pattern
/// [`routes`](macro@routes) recorded for it, like Rocket's `uri!`: each
/// parameter is checked against the view's route arguments by `cargo build`
/// (every one given once, none unknown), then its value (anything
/// `Display`) against its converter and percent-encoded, as
/// [`Request::reverse`] does. Returns `Result<String, Error>`.
///
/// ```
/// use twain::prelude::*;
///
/// #[view]
/// fn article(year: u32, slug: String) -> String {
///     format!("{year}/{slug}")
/// }
///
/// #[view]
/// fn index() -> Result<String, Error> {
///     uri!(article(year = 2024, slug = "hello-world"))
/// }
///
/// #[routes]
/// fn app() -> App {
///     App::new()
///         .route("", index)
///         .route("articles/<int:year>/<slug:slug>/", article)
/// }
///
/// # let _ = app();
/// assert_eq!(index().unwrap(), "/articles/2024/hello-world/");
/// ```
///
/// ```compile_fail
/// # use twain::prelude::*;
/// # #[view]
/// # fn article(year: u32) -> String { year.to_string() }
/// # #[routes]
/// # fn app() -> App { App::new().route("articles/<int:year>/", article) }
/// // error: `uri!`: view `article` takes no route parameter `yaer` (its route parameters: `year: u32`)
/// let path = uri!(article(yaer = 2024));
/// ```
///
/// It knows the views routed with `.route("pattern", view)` on an
/// `App::new()` chain in a `#[routes]` function of the same crate (the first
/// such route of each view); for a route in a `Routes` group, whose prefix is
/// known only once it is mounted, use `req.reverse(name, params)`.
#[doc(inline)]
pub use twain_macros::uri;

/// Turns a `fn` or `async fn` into a background task (feature `tasks`),
/// queued in the app's database and run by a worker: see [`tasks`](mod@tasks)
/// and `docs/tasks.md`.
///
/// A plain `fn` runs on a sync thread of the worker's own pool and may take
/// `cx: Blocking` and `conn: Conn`; an `async fn` runs on the async workers
/// and may take `db: Db`; either may take `task: TaskInfo`. Every other
/// argument is stored as JSON (serde) under its name, and the value (or
/// `Result<T, E>`, `E: Display`) is kept as JSON too. Beside the function,
/// left as written, comes a struct of the same name whose fields are those
/// arguments, to enqueue it:
///
/// ```
/// use twain::prelude::*;
/// use twain::db::Conn;
///
/// #[task]
/// fn thumbnail(conn: Conn, article: i64, width: u32) -> Result<(), twain::db::DbError> {
///     conn.execute("UPDATE articles SET thumb_width = ?1 WHERE id = ?2", (width, article))?;
///     Ok(())
/// }
///
/// #[view]
/// fn upload(conn: Conn) -> Result<&'static str, twain::db::DbError> {
///     thumbnail { article: 7, width: 320 }.enqueue(&conn)?;   // in the request's transaction
///     Ok("queued")
/// }
/// ```
///
/// Options: `name = ".."` (the stable name stored in the queue; default the
/// function's), `queue = ".."`, `priority = N`, `max_attempts = N`,
/// `timeout_secs = N`, `allow_blocking`, `crate = ".."`. The compile-time
/// rules of views hold: `.await` in a sync task, a known blocking call or a
/// `Conn` in an async task, a `#[sync_only]` call from one, an argument that
/// is not serde are errors at the offending tokens.
#[cfg(feature = "tasks")]
#[doc(inline)]
pub use twain_macros::task;
