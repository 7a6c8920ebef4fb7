//! Mounting any tower `Service` in an app: at a prefix, with the prefix taken
//! off the path the service sees (`App::mount("static", ServeDir::new(dir))`:
//! `/static/css/site.css` reaches `ServeDir` as `/css/site.css`, like axum's
//! `nest_service`), or at one route pattern, path unchanged
//! (`App::route_service`). The routes made here have no view; the app's
//! middleware still runs around the service.

use std::convert::Infallible;
use std::task::{Context, Poll};

use http::Uri;
use http::uri::PathAndQuery;
use tower::Service;
use tower::util::BoxCloneSyncService;

use crate::core::{Body, Response};
use crate::handler::BoxFuture;

use super::builder::App;
use super::layers::{HttpService, TowerService, boxed, call};
use super::methods::MethodRouter;
use super::routes::Routes;

/// The name of the route parameter that holds the rest of a mount's path.
const REST: &str = "__mounted";

/// The route patterns a mount at `prefix` answers: `"static"` answers
/// `static`, `static/` and everything below.
pub(crate) fn mount_patterns(prefix: &str) -> Vec<String> {
    let prefix = prefix.trim_matches('/');
    if prefix.is_empty() {
        vec![String::new(), format!("<path:{REST}>")]
    } else {
        vec![
            prefix.to_owned(),
            format!("{prefix}/"),
            format!("{prefix}/<path:{REST}>"),
        ]
    }
}

/// `service` seeing paths without the prefix of `pattern`, a mount's full
/// route pattern (include prefixes and all): one segment per segment of the
/// pattern before the rest.
pub(crate) fn strip_prefix(pattern: &str, service: HttpService) -> HttpService {
    BoxCloneSyncService::new(StripPrefix {
        segments: prefix_segments(pattern),
        inner: service,
    })
}

/// How many path segments a mount's full pattern has before the rest.
fn prefix_segments(pattern: &str) -> usize {
    let rest = format!("<path:{REST}>");
    let prefix = pattern.split(rest.as_str()).next().unwrap_or("");
    prefix.split('/').filter(|s| !s.is_empty()).count()
}

#[derive(Clone)]
struct StripPrefix {
    /// How many path segments the prefix has.
    segments: usize,
    inner: HttpService,
}

impl Service<http::Request<Body>> for StripPrefix {
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: http::Request<Body>) -> Self::Future {
        let uri = strip(request.uri(), self.segments);
        *request.uri_mut() = uri;
        let inner = self.inner.clone();
        Box::pin(async move { Ok(call(inner, request).await) })
    }
}

/// `uri` with its first `segments` path segments removed (counted on the raw
/// path, so a percent-encoded prefix is cut as well), query kept.
fn strip(uri: &Uri, segments: usize) -> Uri {
    let path = uri.path();
    let mut rest = path;
    for _ in 0..segments {
        let trimmed = rest.strip_prefix('/').unwrap_or(rest);
        rest = match trimmed.find('/') {
            Some(at) => &trimmed[at..],
            None => "",
        };
    }
    let rest = if rest.is_empty() { "/" } else { rest };
    let path_and_query = match uri.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = PathAndQuery::try_from(path_and_query).ok();
    Uri::from_parts(parts).unwrap_or_else(|_| uri.clone())
}

impl Routes {
    /// Mounts a tower `Service` at `prefix`: it answers `prefix`, `prefix/`
    /// and every path below, every method, and sees the path without the
    /// prefix. See [`App::mount`].
    pub fn mount<S>(mut self, prefix: &str, service: S) -> Self
    where
        S: TowerService,
    {
        let service = boxed(service);
        for pattern in mount_patterns(prefix) {
            self = self.route(&pattern, MethodRouter::service(service.clone(), true));
        }
        self
    }

    /// Answers one route pattern, every method, with a tower `Service`, which
    /// sees the path unchanged. See [`App::route_service`].
    pub fn route_service<S>(self, pattern: &str, service: S) -> Self
    where
        S: TowerService,
    {
        self.route(pattern, MethodRouter::service(boxed(service), false))
    }
}

impl App {
    /// Mounts a tower `Service` at `prefix` (`"static"`, `"/static"` and
    /// `"static/"` alike): it answers `/static`, `/static/` and every path
    /// below, for every method, and sees the path without the prefix
    /// (axum's `nest_service`). tower-http's `ServeDir` serves a folder this
    /// way, with `Range`, `If-None-Match` / `If-Modified-Since` and
    /// precompressed files as its own tests say. The app's middleware runs
    /// around it; its response body is boxed into a twain `Body`, and an
    /// error it returns is a 500.
    ///
    /// ```
    /// use twain::prelude::*;
    /// use twain::tower_http::services::ServeDir;
    ///
    /// let dir = std::env::temp_dir().join("twain-mount-doc");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("site.css"), "body {}").unwrap();
    ///
    /// let app = App::new().mount("static", ServeDir::new(&dir));
    /// # let client = twain::test::Client::new(app);
    /// # assert_eq!(client.get("/static/site.css").text(), "body {}");
    /// # assert_eq!(client.get("/static/missing.css").status(), 404);
    /// ```
    pub fn mount<S>(mut self, prefix: &str, service: S) -> Self
    where
        S: TowerService,
    {
        self.routes = self.routes.mount(prefix, service);
        self
    }

    /// The same as [`App::mount`]: axum's name for it.
    pub fn nest_service<S>(self, prefix: &str, service: S) -> Self
    where
        S: TowerService,
    {
        self.mount(prefix, service)
    }

    /// Answers one route pattern (`"favicon.ico"`, `"files/<path:rest>"`),
    /// every method, with a tower `Service`, which sees the path unchanged
    /// (tower-http's `ServeFile`, a proxy, another framework's router).
    pub fn route_service<S>(mut self, pattern: &str, service: S) -> Self
    where
        S: TowerService,
    {
        self.routes = self.routes.route_service(pattern, service);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_the_pattern_before_the_rest() {
        for pattern in mount_patterns("/static/") {
            assert_eq!(prefix_segments(&format!("v1/{pattern}")), 2, "{pattern}");
        }
        assert_eq!(prefix_segments("users/<int:id>/files/<path:__mounted>"), 3);
        assert_eq!(mount_patterns(""), ["", "<path:__mounted>"]);
    }

    #[test]
    fn strips_the_prefix_segments_and_keeps_the_query() {
        let cut = |s: &str, n| strip(&s.parse().unwrap(), n).to_string();
        assert_eq!(cut("/static/css/a.css?v=1", 1), "/css/a.css?v=1");
        assert_eq!(cut("/static", 1), "/");
        assert_eq!(cut("/static/", 1), "/");
        assert_eq!(cut("/st%61tic/a%20b.txt", 1), "/a%20b.txt");
        assert_eq!(cut("/assets/v2/x.js", 2), "/x.js");
        assert_eq!(cut("/x", 0), "/x");
    }
}
