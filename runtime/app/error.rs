//! The errors of building and serving an app, split by who sees them (the
//! HTTP error a view returns is `core`'s `Error`):
//! - [`BuildError`]: every problem of the route table, each a [`Problem`]
//!   value, from `App::into_service` (and `App::run` before it serves);
//! - [`ServeError`]: why `App::run` / `App::serve` could not serve — the app
//!   did not build, the address could not be bound, the runtime did not start.
//!
//! Both implement `std::error::Error`, so `App::run(..)?` works in a
//! `Box<dyn Error>` or `anyhow::Result` main.

use std::fmt;
use std::io;

use crate::routing::RouteError;

/// One problem of a route table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A pattern the router refuses (bad syntax, unknown converter, conflict, …).
    Route(RouteError),
    /// A route has a parameter that its view takes no argument for.
    UnusedParam {
        pattern: String,
        param: String,
        view: &'static str,
    },
    /// A view takes a route parameter that its route does not have.
    MissingParam {
        pattern: String,
        param: &'static str,
        view: &'static str,
    },
    /// A middleware takes a route parameter (it runs on every route).
    MiddlewareParam {
        middleware: &'static str,
        param: &'static str,
    },
    /// `.name(..)` was called twice for one route.
    NamedTwice { name: String },
    /// `.name(..)` came before any `.route(..)`.
    NameWithoutRoute { name: String },
    /// The folder given to `App::templates` does not load (unreadable, or a
    /// template that does not compile: the message names it and its line).
    Templates(String),
    /// The database of `App::database` did not open, or a migration failed.
    Database { message: String },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Route(err) => err.fmt(f),
            Problem::UnusedParam {
                pattern,
                param,
                view,
            } => write!(
                f,
                "route `{pattern}` has the parameter `{param}`, but view `{view}` has no argument named `{param}`: add `{param}: <type>` to `{view}`, or rename the parameter"
            ),
            Problem::MissingParam {
                pattern,
                param,
                view,
            } => write!(
                f,
                "view `{view}` takes the route parameter `{param}`, but route `{pattern}` has no `<..:{param}>`: add it to the pattern, or rename the argument"
            ),
            Problem::MiddlewareParam { middleware, param } => write!(
                f,
                "middleware `{middleware}` takes `{param}` as a route parameter, but middleware runs on every route; read it with `req.param(\"{param}\")` instead"
            ),
            Problem::NamedTwice { name } => write!(
                f,
                "`.name(\"{name}\")` names a route that already has a name: call `.name()` once per route"
            ),
            Problem::Templates(message) => write!(f, "App::templates: {message}"),
            Problem::NameWithoutRoute { name } => write!(
                f,
                "`.name(\"{name}\")` must follow a `.route(..)`: it names the route added just before it"
            ),
            Problem::Database { message } => write!(f, "the app's database: {message}"),
        }
    }
}

/// Why an app could not be built: every problem of its route table, not only
/// the first. Its `Debug` is its message, so a `main` returning it prints
/// the list.
#[derive(Clone, PartialEq, Eq)]
pub struct BuildError {
    problems: Vec<Problem>,
}

impl BuildError {
    /// `Ok(())` when there is no problem.
    pub(crate) fn check(problems: Vec<Problem>) -> Result<(), BuildError> {
        if problems.is_empty() {
            return Ok(());
        }
        Err(BuildError { problems })
    }

    /// Every problem, in the order of the routes and middleware added.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(
            f,
            "the route table has {count} problem{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

/// Why `App::run`, `App::serve` or `App::serve_with_shutdown` could not serve.
/// Its `Debug` is its message, so `fn main() -> Result<(), ServeError>` says
/// what went wrong in words.
#[non_exhaustive]
pub enum ServeError {
    /// The app did not build.
    Build(BuildError),
    /// The address could not be listened on (in use, not permitted, …).
    Bind { addr: String, source: io::Error },
    /// The tokio runtime of `App::run` could not start.
    Runtime(io::Error),
    /// The listener failed before serving (it has no local address).
    Listener(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Build(err) => write!(f, "the app could not be built: {err}"),
            ServeError::Bind { addr, source } => write!(
                f,
                "could not listen on {addr}: {source} (is another server on that port? pick another address, or stop it)"
            ),
            ServeError::Runtime(err) => write!(f, "could not start the tokio runtime: {err}"),
            ServeError::Listener(err) => write!(f, "the listener has no local address: {err}"),
        }
    }
}

impl fmt::Debug for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Build(err) => Some(err),
            ServeError::Bind { source, .. } => Some(source),
            ServeError::Runtime(err) | ServeError::Listener(err) => Some(err),
        }
    }
}

impl From<BuildError> for ServeError {
    fn from(err: BuildError) -> Self {
        ServeError::Build(err)
    }
}
