//! [`App`]: the builder users write (`App::new().route(..).run(addr)`): its
//! routes, middleware, state and settings, and the three ways to use it —
//! [`App::into_service`] (a `tower::Service`), [`App::run`] (twain owns the
//! runtime) and [`App::serve`] (you own it). Every method of `App` is here
//! but the tasks' (`tasks.rs`);
//! the work is done in `compile.rs` and the `server` layer.

use std::future::Future;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::core::StateMap;
use crate::handler::{Layer, Middleware};
use crate::server::{init_default_logging, serve, shutdown_signal};

use super::compile::compile;
use super::config::AppConfig;
use super::error::{BuildError, ServeError};
use super::layers::ApplyLayer;
use super::methods::IntoMethodRouter;
use super::routes::Routes;
use super::service::AppService;

/// A twain application: routes, state and limits. Build it, then serve it with
/// [`App::run`] (twain owns the runtime), [`App::serve`] (you own it), or turn
/// it into a `tower::Service` with [`App::into_service`].
///
/// ```no_run
/// use twain::prelude::*;
///
/// #[view]
/// fn index(_req: &Request) -> &'static str {
///     "hello"
/// }
///
/// fn main() -> Result<(), twain::ServeError> {
///     App::new().route("", index).run("127.0.0.1:8000")
/// }
/// ```
#[derive(Default)]
pub struct App {
    pub(super) routes: Routes,
    middleware: Vec<Layer>,
    state: StateMap,
    config: AppConfig,
    #[cfg(feature = "sqlite")]
    database: Option<crate::db::Database>,
    #[cfg(feature = "channels")]
    channel_settings: crate::channels::ChannelSettings,
    /// tower layers around the whole app (`App::layer`, in `layers.rs`).
    pub(super) tower_layers: Vec<ApplyLayer>,
    /// The tasks its workers run, and how many at once (`tasks.rs`).
    #[cfg(feature = "tasks")]
    pub(super) tasks: crate::tasks::Registry,
    #[cfg(feature = "tasks")]
    pub(super) task_workers: Option<usize>,
    #[cfg(feature = "tasks")]
    pub(super) task_settings: Option<super::tasks::Configure>,
}

impl App {
    /// An app with no routes.
    pub fn new() -> Self {
        App::default()
    }

    /// Adds a route: a Django-style pattern (`"articles/<int:year>/<slug:slug>/"`,
    /// no leading slash; converters `int`, `str`, `slug`, `uuid`, `path`) and
    /// the view that answers it (any method), or a `MethodRouter`
    /// (`get(show).post(update)`).
    pub fn route(mut self, pattern: &str, view: impl IntoMethodRouter) -> Self {
        self.routes = self.routes.route(pattern, view);
        self
    }

    /// Names the route added last, for [`Request::reverse`](crate::Request::reverse).
    pub fn name(mut self, name: &str) -> Self {
        self.routes = self.routes.name(name);
        self
    }

    /// Mounts a group of routes under `prefix` (Django's `include()`).
    pub fn include(mut self, prefix: &str, routes: Routes) -> Self {
        self.routes = self.routes.include(prefix, routes);
        self
    }

    /// Adds a middleware (a function marked `#[middleware]`). The first added is
    /// the outermost: it sees the request first and the response last, as in
    /// Django's `MIDDLEWARE` list. Middleware wraps routing too, so a 404 or
    /// 405 passes through it. Configure one with state it takes as an argument
    /// (`cfg: State<Config>`, registered with [`App::state`]).
    ///
    /// Async middleware runs on the async worker; the first sync part of a
    /// request moves it to a sync thread, and every part inside it runs on
    /// that thread: at most one switch per request (see `docs/middleware.md`).
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Layer::of(middleware));
        self
    }

    /// Registers shared state, read in views with the `State<T>` argument.
    /// One value per type; a second call for the same type replaces the first.
    pub fn state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }

    /// The largest request body accepted, in bytes (default 10 MiB); larger
    /// bodies get 413.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.config.limits.max_body_size = bytes;
        self
    }

    /// How many sync jobs may run at once (default 64): sync views and
    /// middleware, `sync_to_async`, `Chunks` pulls and spool writes alike.
    pub fn sync_threads(mut self, threads: usize) -> Self {
        self.config.sync_threads = threads.max(1);
        self
    }

    /// How long a sync request waits for a free sync thread before it is
    /// answered 503 (default 10 s).
    pub fn sync_wait(mut self, wait: Duration) -> Self {
        self.config.sync_wait = wait;
        self
    }

    /// How long shutdown waits for in-flight requests (default 30 s).
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.config.server.shutdown_timeout = timeout;
        self
    }

    /// How long a client may take to send its request head (default 30 s).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.config.server.header_read_timeout = timeout;
        self
    }

    /// How much of a sync view's request body is kept in memory before the
    /// rest goes to a temp file (default 2.5 MiB, like Django's
    /// `FILE_UPLOAD_MAX_MEMORY_SIZE`). Sync views get their body read to its
    /// end before they run, so they never touch the socket.
    pub fn spool_memory_limit(mut self, bytes: usize) -> Self {
        self.config.limits.spool_memory_limit = bytes;
        self
    }

    /// The directory for the temp files of spooled request bodies (default:
    /// the system temp dir). The files have no name once created and are gone
    /// when the request is done, whatever happened to it.
    pub fn spool_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.config.limits.spool_dir = Some(dir.into());
        self
    }

    /// How long a request body may go without sending bytes while a view
    /// reads it (default 30 s); past it the read fails, the client gets 408
    /// and the connection closes. See `docs/deadlines.md`.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.config.limits.body_deadlines.per_read = timeout;
        self
    }

    /// How long a whole request body may take, from the request's arrival
    /// (default 5 min); past it the read fails with 408 and the connection
    /// closes, however steadily the client trickles bytes.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.config.limits.body_deadlines.total = timeout;
        self
    }

    /// How long an HTTP/1.1 connection stays open with no request in flight
    /// (default 30 s). hyper also times the wait for the next request head
    /// with [`App::header_read_timeout`]: the shorter of the two closes it.
    pub fn keep_alive_timeout(mut self, timeout: Duration) -> Self {
        self.config.server.keep_alive_timeout = timeout;
        self
    }

    /// How long an HTTP/2 connection stays open with no stream in flight
    /// (default 60 s): then GOAWAY, and the connection is closed.
    pub fn http2_idle_timeout(mut self, timeout: Duration) -> Self {
        self.config.server.http2_idle_timeout = timeout;
        self
    }

    /// How often an HTTP/2 connection is pinged (default 20 s); see
    /// [`App::http2_keep_alive_timeout`].
    pub fn http2_keep_alive_interval(mut self, interval: Duration) -> Self {
        self.config.server.http2_keep_alive_interval = interval;
        self
    }

    /// How long the server waits for the answer to an HTTP/2 ping before it
    /// closes the connection (default 20 s): a peer that vanished is noticed.
    pub fn http2_keep_alive_timeout(mut self, timeout: Duration) -> Self {
        self.config.server.http2_keep_alive_timeout = timeout;
        self
    }

    /// How long the server waits for a client to make room for the next bytes
    /// of its answer (default 30 s): a client that stops reading is cut off
    /// then. It bounds the time between two writes, not a whole download.
    pub fn write_timeout(mut self, timeout: Duration) -> Self {
        self.config.server.write_timeout = timeout;
        self
    }

    /// Text added to the one line the server logs when it starts listening,
    /// so an app says what a user needs to know in that line instead of a
    /// second one: `twain listening on http://127.0.0.1:8000/ (note)`.
    ///
    /// ```
    /// # use twain::prelude::*;
    /// let app = App::new().listening_note("sign in as demo / demo");
    /// # let _ = app;
    /// ```
    pub fn listening_note(mut self, note: impl Into<String>) -> Self {
        self.config.server.listening_note = Some(note.into().into());
        self
    }

    /// The key that signs and encrypts cookies: the signed and private
    /// [`Cookies`](crate::web::Cookies) jars, the session cookie, the CSRF
    /// cookie. Without it, twain derives one from the `TWAIN_SECRET_KEY`
    /// environment variable (at least 32 bytes), else makes a random one per
    /// process and logs so at first use (see `docs/web.md`). Keep a key out
    /// of the source: `Key::derive_from(secret_from_your_config.as_bytes())`.
    /// (Feature `sessions`.)
    #[cfg(feature = "sessions")]
    pub fn secret_key(mut self, key: crate::web::Key) -> Self {
        self.state.insert(crate::web::SecretKey(key));
        self
    }

    /// Loads the minijinja templates under `dir` now (a template that does
    /// not compile makes the build fail, naming it and its line); debug
    /// builds reload them when a file changes. Views return
    /// [`Template::render`](crate::web::Template::render); `404.html`,
    /// `500.html`, … are used for twain's error answers (see `docs/web.md`).
    /// (Feature `templates`.)
    #[cfg(feature = "templates")]
    pub fn templates(mut self, dir: impl AsRef<std::path::Path>) -> Self {
        match crate::web::load_templates(dir.as_ref()) {
            Ok(templates) => self.state.insert(templates),
            Err(message) => {
                self.routes = self
                    .routes
                    .with_problem(super::error::Problem::Templates(message))
            }
        }
        self
    }

    /// The app's database (feature `sqlite`): opened, and migrated, when the
    /// app is built; sync views and middleware take `conn: Conn`, async ones
    /// `db: Db` (see `twain::db` and `docs/data.md`). A database that does not
    /// open, or a migration that fails, is a `BuildError`.
    ///
    /// ```no_run
    /// use twain::db::{Conn, Database, DbError, M, Migrations};
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// fn count(conn: Conn) -> Result<String, DbError> {
    ///     let (n,): (i64,) = conn.query_one("SELECT count(*) FROM notes", ())?;
    ///     Ok(n.to_string())
    /// }
    ///
    /// let migrations = Migrations::new(vec![M::up("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")]);
    /// App::new()
    ///     .database(Database::sqlite("notes.db").migrations(migrations))
    ///     .route("", count)
    ///     .run("127.0.0.1:8000")
    ///     .unwrap();
    /// ```
    #[cfg(feature = "sqlite")]
    pub fn database(mut self, database: crate::db::Database) -> Self {
        self.database = Some(database);
        self
    }

    /// How long one poll of an async view or async middleware may hold an
    /// async worker before twain logs a warning naming the step, its route
    /// and the time held (the first time for each, then at most once a
    /// minute). Default: 10 ms in release builds, 50 ms in debug builds.
    /// It catches what the compile-time check cannot see, such as a blocking
    /// call inside a helper function; in tests,
    /// [`Client::fail_on_slow_poll`](crate::test::Client::fail_on_slow_poll)
    /// makes it a failure. `Duration::MAX` turns it off.
    ///
    /// ```
    /// use std::time::Duration;
    /// use twain::prelude::*;
    ///
    /// let app = App::new().slow_poll_threshold(Duration::from_millis(5));
    /// # let _ = app;
    /// ```
    pub fn slow_poll_threshold(mut self, threshold: Duration) -> Self {
        self.config.slow_poll_threshold = threshold;
        self
    }

    /// The channel layer's limits (feature `channels`): the largest message
    /// and each member's mailbox. The layer itself comes with the database:
    /// PostgreSQL's `LISTEN/NOTIFY` across processes on PostgreSQL, in-process
    /// otherwise; views take it as `channels: twain::channels::Channels`.
    #[cfg(feature = "channels")]
    pub fn channel_settings(mut self, settings: crate::channels::ChannelSettings) -> Self {
        self.channel_settings = settings;
        self
    }

    /// Compiles the route table and checks it (patterns, names, each view's
    /// arguments against its route's parameters): every problem is reported.
    pub fn into_service(self) -> Result<AppService, BuildError> {
        #[allow(unused_mut)]
        let mut state = self.state;
        #[cfg(feature = "sqlite")]
        if let Some(database) = self.database {
            match database.open() {
                Ok(db) => state.insert(db),
                Err(err) => {
                    let message = err.to_string();
                    BuildError::check(vec![super::error::Problem::Database { message }])?;
                }
            }
        }
        #[cfg(feature = "tasks")]
        if !self.tasks.is_empty() {
            state.insert(self.tasks);
            if let Some(configure) = self.task_settings {
                state.insert(configure);
            }
        }
        #[cfg(feature = "channels")]
        if state.get::<crate::channels::Channels>().is_none() {
            let settings = self.channel_settings;
            #[cfg(feature = "sqlite")]
            let channels = match state.get::<crate::db::Db>() {
                Some(db) => crate::channels::Channels::for_database(&db, settings),
                None => Ok(crate::channels::Channels::in_process_with(settings)),
            };
            #[cfg(not(feature = "sqlite"))]
            let channels: Result<_, crate::channels::ChannelError> =
                Ok(crate::channels::Channels::in_process_with(settings));
            match channels {
                Ok(channels) => state.insert(channels),
                Err(err) => {
                    let message = err.to_string();
                    BuildError::check(vec![super::error::Problem::Database { message }])?;
                }
            }
        }
        super::startup_checks::check(&state, &self.config);
        compile(self.routes, &self.middleware, state, &self.config)
            .map(|service| service.with_layers(&self.tower_layers))
    }

    /// Builds a multi-thread tokio runtime, binds `addr` and serves until
    /// Ctrl-C or SIGTERM, then drains in-flight requests. On port 0 the
    /// system picks a free port, which the start-up line names (or see
    /// [`App::run_on`]). Installs a default
    /// `tracing` subscriber (honouring `RUST_LOG`) when none is set, so the
    /// startup line and errors are visible.
    /// With that subscriber, panics are logged through it too, their message
    /// escaped (no log line forged by request text in a panic message).
    pub fn run<A>(self, addr: A) -> Result<(), ServeError>
    where
        A: tokio::net::ToSocketAddrs + std::fmt::Display,
    {
        self.run_with(async move {
            TcpListener::bind(&addr)
                .await
                .map_err(|source| ServeError::Bind {
                    addr: addr.to_string(),
                    source,
                })
        })
    }

    /// [`App::run`] on a listener bound beforehand: bind port 0 and read its
    /// address to know where the app listens before it serves (a test that
    /// starts it in a child process), or serve a socket handed over to you.
    ///
    /// ```no_run
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// fn index() -> &'static str { "hello" }
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    ///     println!("listening on {}", listener.local_addr()?);
    ///     App::new().route("", index).run_on(listener)?;
    ///     Ok(())
    /// }
    /// ```
    pub fn run_on(self, listener: std::net::TcpListener) -> Result<(), ServeError> {
        listener
            .set_nonblocking(true)
            .map_err(ServeError::Listener)?;
        self.run_with(async move { TcpListener::from_std(listener).map_err(ServeError::Listener) })
    }

    /// `run` and `run_on`: the runtime, the default logging, then `listen`
    /// (polled on that runtime) and serving until a signal.
    fn run_with(
        self,
        listen: impl Future<Output = Result<TcpListener, ServeError>>,
    ) -> Result<(), ServeError> {
        if init_default_logging() {
            super::panic_log::log_panics();
        }
        let server = self.config.server.clone();
        let sync_threads = self.config.sync_threads;
        #[cfg(feature = "tasks")]
        let workers = self.task_workers;
        let service = self.into_service()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            // twain's own bound is `sync_threads`; tokio's cap leaves room
            // for the runtime's own blocking work (file I/O, DNS).
            .max_blocking_threads(sync_threads + 16)
            .thread_name("twain-worker")
            .build()
            .map_err(ServeError::Runtime)?;
        runtime.block_on(async {
            let listener = listen.await?;
            #[cfg(feature = "tasks")]
            return super::tasks::serve_with_worker(
                &service.clone(),
                workers,
                shutdown_signal(),
                |signal| serve(listener, service, &server, signal),
            )
            .await
            .map_err(ServeError::Listener);
            #[cfg(not(feature = "tasks"))]
            serve(listener, service, &server, shutdown_signal())
                .await
                .map_err(ServeError::Listener)
        })
    }

    /// Serves on `listener` until Ctrl-C or SIGTERM, on the caller's runtime.
    pub async fn serve(self, listener: TcpListener) -> Result<(), ServeError> {
        self.serve_with_shutdown(listener, shutdown_signal()).await
    }

    /// Serves on `listener` until `signal` completes, then drains.
    pub async fn serve_with_shutdown(
        self,
        listener: TcpListener,
        signal: impl Future<Output = ()> + Send,
    ) -> Result<(), ServeError> {
        let server = self.config.server.clone();
        #[cfg(feature = "tasks")]
        let workers = self.task_workers;
        let service = self.into_service()?;
        #[cfg(feature = "tasks")]
        return super::tasks::serve_with_worker(&service.clone(), workers, signal, |signal| {
            serve(listener, service, &server, signal)
        })
        .await
        .map_err(ServeError::Listener);
        #[cfg(not(feature = "tasks"))]
        serve(listener, service, &server, signal)
            .await
            .map_err(ServeError::Listener)
    }
}
