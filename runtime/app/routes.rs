//! [`Routes`]: a list of Django-style routes that an `App` or an `include()`
//! holds, compiled once into the matcher, with every view's arguments checked
//! against its route's parameters.

use crate::routing::Router;

use super::error::Problem;
use super::methods::{IntoMethodRouter, MethodRouter};

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
    problems: Vec<Problem>,
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
            Some(Entry::Route { .. }) => self.problems.push(Problem::NamedTwice {
                name: name.to_owned(),
            }),
            _ => self.problems.push(Problem::NameWithoutRoute {
                name: name.to_owned(),
            }),
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

    /// Records a problem found outside the route table (`App::templates`),
    /// reported with the others when the app is built.
    #[cfg(feature = "templates")]
    pub(crate) fn with_problem(mut self, problem: Problem) -> Self {
        self.problems.push(problem);
        self
    }

    /// Builds the matcher. Every problem (bad pattern, view/route mismatch,
    /// misplaced `.name`) is added to `problems`, not only the first.
    pub(crate) fn compile(self, problems: &mut Vec<Problem>) -> Router<MethodRouter> {
        let router = self.compile_into(problems);
        // Checked once every include is mounted: a prefix adds parameters.
        for route in router.routes() {
            check_params(route.pattern, route.params, route.value, problems);
        }
        router
    }

    fn compile_into(self, problems: &mut Vec<Problem>) -> Router<MethodRouter> {
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
                        problems.push(Problem::Route(err));
                    }
                }
                Entry::Include { prefix, routes } => {
                    let sub = routes.compile_into(problems);
                    if let Err(err) = router.include(&prefix, sub) {
                        problems.push(Problem::Route(err));
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
    problems: &mut Vec<Problem>,
) {
    for endpoint in methods.endpoints() {
        let view = endpoint.info.name;
        let wanted: Vec<&'static str> = endpoint.info.route_params().collect();
        for param in params {
            if !wanted.contains(&param.as_str()) {
                problems.push(Problem::UnusedParam {
                    pattern: pattern.to_owned(),
                    param: param.clone(),
                    view,
                });
            }
        }
        for param in wanted {
            if !params.iter().any(|p| p == param) {
                problems.push(Problem::MissingParam {
                    pattern: pattern.to_owned(),
                    param,
                    view,
                });
            }
        }
    }
}
