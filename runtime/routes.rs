//! [`Routes`]: a list of Django-style routes that an `App` or an `include()`
//! holds, compiled once into the matcher, with every view's arguments checked
//! against its route's parameters.

use crate::Error;
use crate::methods::{IntoMethodRouter, MethodRouter};
use crate::routing::Router;

/// A group of routes, to build apart and mount with `App::include(prefix, routes)`
/// (Django's `include()`).
///
/// ```
/// use twain::prelude::*;
///
/// #[view]
/// fn list() -> &'static str { "all posts" }
///
/// fn blog() -> Routes {
///     Routes::new().route("", list).name("blog-list")
/// }
///
/// let app = App::new().include("blog/", blog());
/// # let _ = app;
/// ```
#[derive(Default)]
pub struct Routes {
    entries: Vec<Entry>,
    problems: Vec<String>,
}

enum Entry {
    Route {
        pattern: String,
        name: Option<String>,
        methods: MethodRouter,
    },
    Include {
        prefix: String,
        routes: Routes,
    },
}

impl Routes {
    /// An empty group.
    pub fn new() -> Self {
        Routes::default()
    }

    /// Adds a route: a Django-style `pattern` (`"articles/<int:year>/"`, no
    /// leading slash) answered by a view, or by a `MethodRouter` such as
    /// `get(show).post(update)`.
    pub fn route(mut self, pattern: &str, view: impl IntoMethodRouter) -> Self {
        self.entries.push(Entry::Route {
            pattern: pattern.to_owned(),
            name: None,
            methods: view.into_method_router(),
        });
        self
    }

    /// Names the route added last, for `reverse(name, params)`.
    pub fn name(mut self, name: &str) -> Self {
        match self.entries.last_mut() {
            Some(Entry::Route { name: slot, .. }) if slot.is_none() => {
                *slot = Some(name.to_owned());
            }
            Some(Entry::Route { .. }) => self.problems.push(format!(
                "`.name(\"{name}\")` names a route that already has a name: call `.name()` once per route"
            )),
            _ => self.problems.push(format!(
                "`.name(\"{name}\")` must follow a `.route(..)`: it names the route added just before it"
            )),
        }
        self
    }

    /// Mounts `routes` under `prefix` (`"blog/"`, `"users/<int:id>/"`).
    pub fn include(mut self, prefix: &str, routes: Routes) -> Self {
        self.entries.push(Entry::Include {
            prefix: prefix.to_owned(),
            routes,
        });
        self
    }

    /// Builds the matcher. Every problem (bad pattern, view/route mismatch,
    /// misplaced `.name`) is reported, not only the first.
    pub(crate) fn compile(self) -> Result<Router<MethodRouter>, Error> {
        let mut problems = Vec::new();
        let router = self.compile_into(&mut problems);
        // Checked once every include is mounted: a prefix adds parameters.
        for route in router.routes() {
            check_params(route.pattern, route.params, route.value, &mut problems);
        }
        if problems.is_empty() {
            return Ok(router);
        }
        let count = problems.len();
        let list = problems
            .iter()
            .map(|p| format!("  - {p}"))
            .collect::<Vec<_>>()
            .join("\n");
        Err(Error::internal(format!(
            "the route table has {count} problem{}:\n{list}",
            if count == 1 { "" } else { "s" }
        )))
    }

    fn compile_into(self, problems: &mut Vec<String>) -> Router<MethodRouter> {
        problems.extend(self.problems);
        let mut router = Router::new();
        for entry in self.entries {
            match entry {
                Entry::Route {
                    pattern,
                    name,
                    methods,
                } => {
                    if let Err(err) = router.insert(&pattern, name.as_deref(), methods) {
                        problems.push(err.to_string());
                    }
                }
                Entry::Include { prefix, routes } => {
                    let sub = routes.compile_into(problems);
                    if let Err(err) = router.include(&prefix, sub) {
                        problems.push(err.to_string());
                    }
                }
            }
        }
        router
    }
}

/// A route's parameters and each of its views' parameter arguments must be the
/// same names: a view argument with no parameter could never be filled in, and a
/// parameter with no argument is almost always a typo.
fn check_params(
    pattern: &str,
    params: &[String],
    methods: &MethodRouter,
    problems: &mut Vec<String>,
) {
    for endpoint in methods.endpoints() {
        let view = endpoint.info.name;
        let wanted: Vec<&str> = endpoint.info.route_params().collect();
        for param in params {
            if !wanted.contains(&param.as_str()) {
                problems.push(format!(
                    "route `{pattern}` has the parameter `{param}`, but view `{view}` has no argument named `{param}`: add `{param}: <type>` to `{view}`, or rename the parameter"
                ));
            }
        }
        for arg in wanted {
            if !params.iter().any(|p| p == arg) {
                problems.push(format!(
                    "view `{view}` takes the route parameter `{arg}`, but route `{pattern}` has no `<..:{arg}>`: add it to the pattern, or rename the argument"
                ));
            }
        }
    }
}
