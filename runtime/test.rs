//! Test clients that drive a whole app — routing, adapters, sync threads —
//! without a socket, like Django's `Client` and `AsyncClient`.
//!
//! `get(path)` and `post(path, content_type, body)` send at once. Any other
//! request is built, then sent: `put`, `patch`, `delete`, `head` and
//! `options` start one, as does `build(method, path)` for any method; it
//! takes headers, cookies and a body (`json`, `form`, `body`), and `send()`
//! sends it (`send().await` with [`AsyncClient`]).
//!
//! ```
//! use twain::prelude::*;
//! use twain::test::Client;
//!
//! #[view]
//! fn hello(name: String) -> String {
//!     format!("hello, {name}")
//! }
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Note {
//!     text: String,
//! }
//!
//! #[view]
//! fn edit(id: u32, Json(note): Json<Note>, headers: twain::HeaderMap) -> String {
//!     let via = headers.get("x-via").map_or("?", |v| v.to_str().unwrap());
//!     format!("note {id}: {} (via {via})", note.text)
//! }
//!
//! let app = App::new()
//!     .route("hello/<str:name>/", hello)
//!     .route("notes/<int:id>/", put(edit));
//! let client = Client::new(app);
//!
//! let response = client.get("/hello/ada/");
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.text(), "hello, ada");
//!
//! let note = Note { text: "milk".into() };
//! let response = client.put("/notes/7/").header("x-via", "test").json(&note).send();
//! assert_eq!(response.text(), "note 7: milk (via test)");
//!
//! let response = client.build(Method::GET, "/hello/bob/").header("accept", "text/plain").send();
//! assert_eq!(response.text(), "hello, bob");
//! ```

use bytes::Bytes;
use http::header::{CONTENT_TYPE, COOKIE, HeaderName};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::app::{App, AppService, BuildError};
use crate::core::{Body, Error, Request};
use crate::exec::{Blocking, SyncThreadMark};

/// A response as a test sees it: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl TestResponse {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON; panics with the body when it does not parse.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "the response body is not the expected JSON ({err}): {}",
                self.text()
            )
        })
    }
}

/// An async test client, for `#[tokio::test]`: it runs on the test's
/// runtime. [`Client`] is the same client, for plain `#[test]` functions.
///
/// Like a browser (and Django's test client), it keeps the cookies responses
/// set and sends them back with every later request that has no `Cookie`
/// header of its own, so a session or a CSRF cookie lasts across requests.
pub struct AsyncClient {
    app: AppService,
    cookies: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
}

impl AsyncClient {
    /// Builds `app`; panics with the route-table problems if it cannot be built.
    pub fn new(app: App) -> Self {
        AsyncClient::try_new(app).unwrap_or_else(|err| panic!("the app could not be built: {err}"))
    }

    /// Builds `app`, returning its problems instead of panicking.
    pub fn try_new(app: App) -> Result<Self, BuildError> {
        Ok(AsyncClient {
            app: app.into_service()?,
            cookies: Default::default(),
        })
    }

    /// Makes every poll of an async view or middleware that holds the worker
    /// longer than the app's [`App::slow_poll_threshold`] a test failure: the
    /// request that saw it panics with the step's name, its route and the time
    /// held. That is how a blocking call hidden in a helper function, which
    /// the compile-time check cannot see, fails your own test suite.
    ///
    /// ```should_panic
    /// use std::time::Duration;
    /// use twain::prelude::*;
    ///
    /// fn load_report() -> String {
    ///     std::thread::sleep(Duration::from_millis(100)); // blocks
    ///     "report".to_owned()
    /// }
    ///
    /// #[view]
    /// async fn report() -> String {
    ///     load_report()
    /// }
    ///
    /// let client = twain::test::Client::new(App::new().route("report/", report))
    ///     .fail_on_slow_poll();
    /// client.get("/report/"); // panics: view `report` (on route `report/`) held the async worker …
    /// ```
    /// Runs every queued task that is due, one at a time, until none is
    /// left (feature `tasks`): the same claim, run and record a worker
    /// makes, on demand, so a test asserts on what a request queued.
    /// Returns how many attempts ran; 0 when the app has no task or database.
    #[cfg(feature = "tasks")]
    pub async fn run_tasks(&self) -> usize {
        let Some(worker) = crate::app::worker_of(&self.app, 1) else {
            return 0;
        };
        worker
            .run_pending()
            .await
            .unwrap_or_else(|err| panic!("running the queued tasks failed: {err}"))
    }

    /// The task `id` as the queue has it (feature `tasks`); `None` when
    /// there is no such task.
    #[cfg(feature = "tasks")]
    pub async fn task_result(&self, id: crate::tasks::TaskId) -> Option<crate::tasks::TaskResult> {
        let db = self.app.state::<crate::db::Db>()?;
        crate::tasks::result_async(&db, id)
            .await
            .unwrap_or_else(|err| panic!("reading task {id} failed: {err}"))
    }

    pub fn fail_on_slow_poll(self) -> Self {
        self.app.record_slow_polls();
        self
    }

    /// The value of the cookie `name` the client keeps, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar().get(name).cloned()
    }

    /// Sets a cookie the client sends from now on (as if a response set it).
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar().insert(name.to_owned(), value.to_owned());
    }

    /// Forgets every kept cookie.
    pub fn clear_cookies(&self) {
        self.jar().clear();
    }

    fn jar(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<String, String>> {
        self.cookies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The kept cookies and `extra` (which wins over a kept one of the same
    /// name) as a `Cookie` header value, if there are any.
    fn cookie_header(&self, extra: &[(String, String)]) -> Option<HeaderValue> {
        let mut cookies = self.jar().clone();
        cookies.extend(extra.iter().cloned());
        if cookies.is_empty() {
            return None;
        }
        let pairs: Vec<String> = cookies.iter().map(|(n, v)| format!("{n}={v}")).collect();
        HeaderValue::from_str(&pairs.join("; ")).ok()
    }

    /// Keeps the cookies `headers` set; one with `Max-Age=0` is forgotten.
    fn remember(&self, headers: &HeaderMap) {
        let mut jar = self.jar();
        for value in headers.get_all(http::header::SET_COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            let Some((name, value)) = text.split(';').next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            if text.to_ascii_lowercase().contains("max-age=0") {
                jar.remove(name.trim());
            } else {
                jar.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
    }

    /// Sends any request (with the kept cookies, unless it has a `Cookie`
    /// header). Unless the request carries a `SocketAddr` in its extensions,
    /// the client's address (`ClientAddr`) is `127.0.0.1`.
    pub async fn request(&self, mut request: http::Request<Body>) -> TestResponse {
        if !request.headers().contains_key(COOKIE)
            && let Some(cookies) = self.cookie_header(&[])
        {
            request.headers_mut().insert(COOKIE, cookies);
        }
        let extensions = request.extensions_mut();
        if extensions.get::<std::net::SocketAddr>().is_none() {
            extensions.insert(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
        }
        let response = self.app.handle(request).await;
        self.remember(response.headers());
        let slow = self.app.take_slow_polls();
        if !slow.is_empty() {
            let all: Vec<String> = slow.iter().map(ToString::to_string).collect();
            panic!("slow poll: {}", all.join("; "));
        }
        let (head, body) = response.into_parts();
        let body = body
            .collect_bytes()
            .await
            .unwrap_or_else(|err| panic!("the response body failed while being read: {err}"));
        TestResponse {
            status: head.status,
            headers: head.headers,
            body,
        }
    }

    /// `GET path` (path and query, e.g. `/search/?q=rust`), sent at once.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.build(Method::GET, path).send().await
    }

    /// `POST path` with a body of the given content type, sent at once.
    pub async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> TestResponse {
        self.build(Method::POST, path)
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
    }

    /// `POST path` with `value` as a JSON body, sent at once.
    pub async fn post_json(&self, path: &str, value: &impl serde::Serialize) -> TestResponse {
        self.build(Method::POST, path).json(value).send().await
    }

    /// A `method` request to `path` (path and query), to give headers, a
    /// body…, then [`send`](TestRequest::send).
    #[track_caller]
    pub fn build(&self, method: Method, path: &str) -> TestRequest<'_, AsyncClient> {
        TestRequest::new(self, method, path)
    }

    /// A `PUT` request to build, then send.
    #[track_caller]
    pub fn put(&self, path: &str) -> TestRequest<'_, AsyncClient> {
        self.build(Method::PUT, path)
    }

    /// A `PATCH` request to build, then send.
    #[track_caller]
    pub fn patch(&self, path: &str) -> TestRequest<'_, AsyncClient> {
        self.build(Method::PATCH, path)
    }

    /// A `DELETE` request to build, then send.
    #[track_caller]
    pub fn delete(&self, path: &str) -> TestRequest<'_, AsyncClient> {
        self.build(Method::DELETE, path)
    }

    /// A `HEAD` request to build, then send.
    #[track_caller]
    pub fn head(&self, path: &str) -> TestRequest<'_, AsyncClient> {
        self.build(Method::HEAD, path)
    }

    /// An `OPTIONS` request to build, then send.
    #[track_caller]
    pub fn options(&self, path: &str) -> TestRequest<'_, AsyncClient> {
        self.build(Method::OPTIONS, path)
    }

    /// Sends a built request: its own cookies join the kept ones.
    async fn send_built(
        &self,
        mut request: http::Request<Body>,
        cookies: &[(String, String)],
    ) -> TestResponse {
        if !cookies.is_empty()
            && !request.headers().contains_key(COOKIE)
            && let Some(value) = self.cookie_header(cookies)
        {
            request.headers_mut().insert(COOKIE, value);
        }
        self.request(request).await
    }

    /// How many requests of this client's app moved to a sync thread so far
    /// (see [`AppService::switches`]): count switches per request with it.
    pub fn switches(&self) -> u64 {
        self.app.switches()
    }

    /// The path of a named route; panics when it cannot be built.
    pub fn reverse(&self, name: &str, params: &[(&str, &str)]) -> String {
        self.app
            .reverse(name, params)
            .unwrap_or_else(|err| panic!("{err}"))
    }
}

/// A request being built for a test client `C` ([`Client`] or
/// [`AsyncClient`]): made by its `build(method, path)`, `put`, `patch`,
/// `delete`, `head` or `options`, sent by `send()`. A header or body that
/// cannot be sent is a panic where the test wrote it.
///
/// ```
/// use twain::prelude::*;
///
/// #[view]
/// fn echo(Form(fields): Form<Vec<(String, String)>>, headers: twain::HeaderMap) -> String {
///     let cookie = headers.get("cookie").map_or("", |v| v.to_str().unwrap());
///     format!("{fields:?} {cookie}")
/// }
///
/// let client = twain::test::Client::new(App::new().route("echo/", any(echo)));
/// let response = client
///     .patch("/echo/")
///     .cookie("theme", "dark")
///     .form(&[("a", "1"), ("b", "two words")])
///     .send();
/// assert_eq!(response.text(), r#"[("a", "1"), ("b", "two words")] theme=dark"#);
/// ```
#[must_use = "a test request is sent by `.send()`"]
pub struct TestRequest<'c, C> {
    client: &'c C,
    request: http::Request<Body>,
    cookies: Vec<(String, String)>,
}

impl<'c, C> TestRequest<'c, C> {
    #[track_caller]
    fn new(client: &'c C, method: Method, path: &str) -> Self {
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap_or_else(|err| panic!("`{path}` is not a valid request path: {err}"));
        TestRequest {
            client,
            request,
            cookies: Vec::new(),
        }
    }

    /// Adds a header (a second one of the same name adds a second value).
    #[track_caller]
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        K: TryInto<HeaderName>,
        K::Error: std::fmt::Display,
        V: TryInto<HeaderValue>,
        V::Error: std::fmt::Display,
    {
        let name = name
            .try_into()
            .unwrap_or_else(|err| panic!("not a header name: {err}"));
        let value = value
            .try_into()
            .unwrap_or_else(|err| panic!("not a value for header `{name}`: {err}"));
        self.request.headers_mut().append(name, value);
        self
    }

    /// Sends a cookie with this request, besides (or instead of one of the
    /// same name) those the client keeps; the client's own are unchanged.
    /// Ignored when the request has a `Cookie` header of its own.
    pub fn cookie(mut self, name: &str, value: &str) -> Self {
        self.cookies.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `value` as a JSON body, with `Content-Type: application/json`.
    #[track_caller]
    pub fn json(self, value: &impl serde::Serialize) -> Self {
        let bytes = serde_json::to_vec(value)
            .unwrap_or_else(|err| panic!("the test's JSON body does not serialize: {err}"));
        self.content(bytes, "application/json")
    }

    /// `value` (a struct, a map, pairs…) as an urlencoded form body, with
    /// `Content-Type: application/x-www-form-urlencoded`.
    #[track_caller]
    pub fn form(self, value: &impl serde::Serialize) -> Self {
        let text = serde_urlencoded::to_string(value)
            .unwrap_or_else(|err| panic!("the test's form body does not serialize: {err}"));
        self.content(text, "application/x-www-form-urlencoded")
    }

    /// The body as given (bytes, text…); a content type, if any, is a
    /// [`header`](Self::header).
    pub fn body(mut self, body: impl Into<Body>) -> Self {
        *self.request.body_mut() = body.into();
        self
    }

    fn content(mut self, body: impl Into<Body>, content_type: &'static str) -> Self {
        self.request
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body(body)
    }
}

impl TestRequest<'_, AsyncClient> {
    /// Sends the request (with the client's cookies) and reads the answer.
    pub async fn send(self) -> TestResponse {
        self.client.send_built(self.request, &self.cookies).await
    }
}

impl TestRequest<'_, Client> {
    /// Sends the request (with the client's cookies) and reads the answer.
    pub fn send(self) -> TestResponse {
        let client = self.client;
        client.wait("send", client.inner.send_built(self.request, &self.cookies))
    }
}

/// A blocking test client, for plain `#[test]` functions: an [`AsyncClient`]
/// driven by a small multi-thread runtime of its own, so sync views run on
/// sync threads as in production. It keeps cookies as [`AsyncClient`] does.
pub struct Client {
    runtime: tokio::runtime::Runtime,
    inner: AsyncClient,
}

impl Client {
    /// Builds `app`; panics with the route-table problems if it cannot be built.
    pub fn new(app: App) -> Self {
        Client::around(AsyncClient::new(app))
    }

    /// Builds `app`, returning its problems instead of panicking.
    pub fn try_new(app: App) -> Result<Self, BuildError> {
        Ok(Client::around(AsyncClient::try_new(app)?))
    }

    fn around(inner: AsyncClient) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|err| panic!("could not start the test runtime: {err}"));
        Client { runtime, inner }
    }

    /// Makes every poll of an async view or middleware that holds the worker
    /// longer than the app's [`App::slow_poll_threshold`] a test failure (see
    /// [`AsyncClient::fail_on_slow_poll`], which has an example).
    pub fn fail_on_slow_poll(self) -> Self {
        Client {
            runtime: self.runtime,
            inner: self.inner.fail_on_slow_poll(),
        }
    }

    /// Runs `future` of the inner client to its end on this thread.
    fn wait<T>(&self, what: &str, future: impl Future<Output = T>) -> T {
        if tokio::runtime::Handle::try_current().is_ok() {
            panic!(
                "twain::test::Client::{what} blocks, so it cannot run inside an async runtime: use twain::test::AsyncClient in #[tokio::test]"
            );
        }
        self.runtime.block_on(future)
    }

    /// Runs every queued task that is due until none is left (see
    /// [`AsyncClient::run_tasks`]); returns how many attempts ran.
    #[cfg(feature = "tasks")]
    pub fn run_tasks(&self) -> usize {
        self.wait("run_tasks", self.inner.run_tasks())
    }

    /// The task `id` as the queue has it (see [`AsyncClient::task_result`]).
    #[cfg(feature = "tasks")]
    pub fn task_result(&self, id: crate::tasks::TaskId) -> Option<crate::tasks::TaskResult> {
        self.wait("task_result", self.inner.task_result(id))
    }

    /// Sends any request.
    pub fn request(&self, request: http::Request<Body>) -> TestResponse {
        self.wait("request", self.inner.request(request))
    }

    /// `GET path` (path and query, e.g. `/search/?q=rust`), sent at once.
    pub fn get(&self, path: &str) -> TestResponse {
        self.wait("get", self.inner.get(path))
    }

    /// `POST path` with a body of the given content type, sent at once.
    pub fn post(&self, path: &str, content_type: &str, body: impl Into<Body>) -> TestResponse {
        self.wait("post", self.inner.post(path, content_type, body))
    }

    /// `POST path` with `value` as a JSON body, sent at once.
    pub fn post_json(&self, path: &str, value: &impl serde::Serialize) -> TestResponse {
        self.wait("post_json", self.inner.post_json(path, value))
    }

    /// A `method` request to `path` (path and query), to give headers, a
    /// body…, then [`send`](TestRequest::send).
    #[track_caller]
    pub fn build(&self, method: Method, path: &str) -> TestRequest<'_, Client> {
        TestRequest::new(self, method, path)
    }

    /// A `PUT` request to build, then send.
    #[track_caller]
    pub fn put(&self, path: &str) -> TestRequest<'_, Client> {
        self.build(Method::PUT, path)
    }

    /// A `PATCH` request to build, then send.
    #[track_caller]
    pub fn patch(&self, path: &str) -> TestRequest<'_, Client> {
        self.build(Method::PATCH, path)
    }

    /// A `DELETE` request to build, then send.
    #[track_caller]
    pub fn delete(&self, path: &str) -> TestRequest<'_, Client> {
        self.build(Method::DELETE, path)
    }

    /// A `HEAD` request to build, then send.
    #[track_caller]
    pub fn head(&self, path: &str) -> TestRequest<'_, Client> {
        self.build(Method::HEAD, path)
    }

    /// An `OPTIONS` request to build, then send.
    #[track_caller]
    pub fn options(&self, path: &str) -> TestRequest<'_, Client> {
        self.build(Method::OPTIONS, path)
    }

    /// Runs `f` on this thread with the [`Blocking`] capability, as a sync
    /// view would: sync-only functions and
    /// [`async_to_sync`](crate::async_to_sync) (driven by this client's
    /// runtime) can be called inside. Panics inside an async runtime. Send
    /// requests before or after it, not from inside (the closure runs where
    /// the client's runtime is entered, like a sync view).
    ///
    /// ```
    /// # use twain::prelude::*;
    /// #[sync_only]
    /// fn answer(cx: Blocking) -> u32 {
    ///     twain::async_to_sync(cx, async { 42 })
    /// }
    ///
    /// let client = twain::test::Client::new(App::new());
    /// assert_eq!(client.blocking(|cx| answer(cx)), 42);
    /// ```
    pub fn blocking<R>(&self, f: impl for<'cx> FnOnce(Blocking<'cx>) -> R) -> R {
        if tokio::runtime::Handle::try_current().is_ok() {
            panic!(
                "twain::test::Client::blocking blocks, so it cannot run inside an async runtime: use `twain::sync_to_async` in #[tokio::test]"
            );
        }
        let _runtime = self.runtime.enter();
        let _mark = SyncThreadMark::enter();
        f(Blocking::new())
    }

    /// How many requests of this client's app moved to a sync thread so far
    /// (see [`AppService::switches`]): count switches per request with it.
    pub fn switches(&self) -> u64 {
        self.inner.switches()
    }

    /// The value of the cookie `name` the client keeps (see [`AsyncClient`]).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.inner.cookie(name)
    }

    /// Sets a cookie the client sends from now on.
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.inner.set_cookie(name, value);
    }

    /// Forgets every kept cookie.
    pub fn clear_cookies(&self) {
        self.inner.clear_cookies();
    }

    /// The path of a named route; panics when it cannot be built.
    pub fn reverse(&self, name: &str, params: &[(&str, &str)]) -> String {
        self.inner.reverse(name, params)
    }
}

/// Reads `req`'s body to its end into memory or a temp file, as twain does
/// before every sync view runs, so that a sync view unit-tested with a request
/// built by [`Request::from_http`] can call [`Request::body_reader`]. A second
/// call does nothing.
///
/// Errors: 413 over the body size limit, 400 if the body fails mid-way (the
/// client went away), 500 if the temp file cannot be written.
///
/// ```
/// use std::io::Read;
/// use twain::prelude::*;
///
/// #[view]
/// fn size(req: &Request) -> Result<String, Error> {
///     let mut text = String::new();
///     req.body_reader()?.read_to_string(&mut text)?;
///     Ok(text.len().to_string())
/// }
///
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let mut req = Request::from_http(twain::http::Request::new(String::from("hello")));
/// twain::test::spool_body(&mut req).await.unwrap();
/// assert_eq!(size(&req).unwrap(), "5");
/// # });
/// ```
pub async fn spool_body(req: &mut Request) -> Result<(), Error> {
    crate::extract::spool(req).await
}
