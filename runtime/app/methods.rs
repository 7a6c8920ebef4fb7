//! [`MethodRouter`]: which view answers which HTTP method on one route, and the
//! 405 with `Allow` for the others. `get(view).post(other)`.

use http::Method;

use crate::handler::{Endpoint, View};

use super::layers::RouteTower;

/// The views of one route by HTTP method. A plain view passed to `.route()`
/// answers every method; `get(view)`, `post(view)`, … restrict it, and other
/// methods get 405 with an `Allow` header. `HEAD` is answered by the `GET` view.
/// `.layer(L)` wraps the route in a tower layer (`app/layers.rs`).
#[derive(Clone, Default)]
pub struct MethodRouter(Methods<Endpoint>, pub(crate) RouteTower);

/// One value per HTTP method (or one for any method): the views of a route
/// while the app is built, the adapted middleware chains once it is built.
#[derive(Clone)]
pub(crate) struct Methods<T> {
    any: Option<T>,
    methods: Vec<(Method, T)>,
}

impl<T> Default for Methods<T> {
    fn default() -> Self {
        Methods {
            any: None,
            methods: Vec::new(),
        }
    }
}

macro_rules! method_fns {
    ($($name:ident => $method:ident),* $(,)?) => {
        $(
            #[doc = concat!("A route answered by `view` for `", stringify!($method), "` requests only.")]
            pub fn $name(view: impl View) -> MethodRouter {
                MethodRouter::default().$name(view)
            }
        )*
        impl MethodRouter {
            $(
                #[doc = concat!("Also answer `", stringify!($method), "` with `view`.")]
                pub fn $name(self, view: impl View) -> Self {
                    self.on(Method::$method, view)
                }
            )*
        }
    };
}

method_fns! {
    get => GET,
    post => POST,
    put => PUT,
    patch => PATCH,
    delete => DELETE,
    options => OPTIONS,
}

/// A route answered by `view` for every method.
pub fn any(view: impl View) -> MethodRouter {
    MethodRouter(
        Methods {
            any: Some(Endpoint::of(view)),
            methods: Vec::new(),
        },
        RouteTower::default(),
    )
}

impl MethodRouter {
    /// Answers `method` with `view` (replacing an earlier view for it).
    pub fn on(mut self, method: Method, view: impl View) -> Self {
        self.0.methods.retain(|(m, _)| *m != method);
        self.0.methods.push((method, Endpoint::of(view)));
        self
    }

    /// Makes this route's requests atomic (feature `sqlite`; see
    /// `Database::atomic_requests` for every route at once): its sync
    /// middleware and sync view share one connection and one transaction,
    /// committed when the response is under 500, rolled back on a 5xx or a
    /// panic. On an async view it has no effect (there, `db.atomic(|tx| ..)`).
    ///
    /// ```
    /// use twain::db::{Conn, DbError};
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// fn order(conn: Conn) -> Result<&'static str, DbError> {
    ///     conn.execute("INSERT INTO orders DEFAULT VALUES", ())?;
    ///     conn.execute("UPDATE stock SET n = n - 1", ())?; // fails: both undone
    ///     Ok("ordered")
    /// }
    ///
    /// let app = App::new().route("order/", post(order).atomic());
    /// # let _ = app;
    /// ```
    #[cfg(feature = "sqlite")]
    pub fn atomic(mut self) -> Self {
        if let Some(endpoint) = &mut self.0.any {
            endpoint.atomic = true;
        }
        for (_, endpoint) in &mut self.0.methods {
            endpoint.atomic = true;
        }
        self
    }

    /// A route answered by a tower service rather than views; with
    /// `strip`, it sees the path without the route's prefix (a mount).
    pub(crate) fn service(service: super::layers::HttpService, strip: bool) -> Self {
        MethodRouter(
            Methods::default(),
            RouteTower {
                layers: Vec::new(),
                service: Some(service),
                strip_prefix: strip,
            },
        )
    }

    /// Every endpoint, for build-time checks and logs.
    pub(crate) fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.0.values()
    }

    /// The endpoints by method, to adapt each one when the app is built.
    pub(crate) fn methods(&self) -> &Methods<Endpoint> {
        &self.0
    }
}

impl<T> Methods<T> {
    /// The value for `method`: its own, `GET`'s for `HEAD`, else the `any` one.
    pub(crate) fn find(&self, method: &Method) -> Option<&T> {
        let found = self.methods.iter().find(|(m, _)| m == method);
        if let Some((_, value)) = found {
            return Some(value);
        }
        if *method == Method::HEAD
            && let Some((_, value)) = self.methods.iter().find(|(m, _)| *m == Method::GET)
        {
            return Some(value);
        }
        self.any.as_ref()
    }

    /// The `Allow` header for a method `find` does not answer.
    pub(crate) fn allow(&self) -> String {
        let mut allow: Vec<&str> = self.methods.iter().map(|(m, _)| m.as_str()).collect();
        if allow.contains(&"GET") && !allow.contains(&"HEAD") {
            allow.push("HEAD");
        }
        allow.join(", ")
    }

    /// Every value, the `any` one first.
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> {
        self.any.iter().chain(self.methods.iter().map(|(_, v)| v))
    }

    /// The same table with each value replaced by `f(value)`.
    pub(crate) fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> Methods<U> {
        Methods {
            any: self.any.as_ref().map(&mut f),
            methods: self
                .methods
                .iter()
                .map(|(m, v)| (m.clone(), f(v)))
                .collect(),
        }
    }
}

/// What `.route()` accepts: a view, or a [`MethodRouter`].
pub trait IntoMethodRouter {
    /// Converts into a method table.
    fn into_method_router(self) -> MethodRouter;
}

impl<V: View> IntoMethodRouter for V {
    fn into_method_router(self) -> MethodRouter {
        any(self)
    }
}

impl IntoMethodRouter for MethodRouter {
    fn into_method_router(self) -> MethodRouter {
        self
    }
}
