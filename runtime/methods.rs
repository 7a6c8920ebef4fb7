//! [`MethodRouter`]: which view answers which HTTP method on one route, and the
//! 405 with `Allow` for the others. `get(view).post(other)`.

use http::Method;

use crate::view::{Handler, View, ViewInfo};

/// A view with its name, mode and adapter, ready to be called.
#[derive(Clone, Copy)]
pub(crate) struct Endpoint {
    pub(crate) info: ViewInfo,
    pub(crate) handler: Handler,
}

impl Endpoint {
    fn of(view: impl View) -> Self {
        Endpoint {
            info: view.info(),
            handler: view.handler(),
        }
    }
}

/// The views of one route by HTTP method. A plain view passed to `.route()`
/// answers every method; `get(view)`, `post(view)`, … restrict it, and other
/// methods get 405 with an `Allow` header. `HEAD` is answered by the `GET` view.
#[derive(Clone, Default)]
pub struct MethodRouter {
    any: Option<Endpoint>,
    methods: Vec<(Method, Endpoint)>,
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
    MethodRouter {
        any: Some(Endpoint::of(view)),
        methods: Vec::new(),
    }
}

impl MethodRouter {
    /// Answers `method` with `view` (replacing an earlier view for it).
    pub fn on(mut self, method: Method, view: impl View) -> Self {
        self.methods.retain(|(m, _)| *m != method);
        self.methods.push((method, Endpoint::of(view)));
        self
    }

    /// The endpoint for `method`, or the value of the `Allow` header.
    pub(crate) fn pick(&self, method: &Method) -> Result<&Endpoint, String> {
        let found = self.methods.iter().find(|(m, _)| m == method);
        if let Some((_, endpoint)) = found {
            return Ok(endpoint);
        }
        if *method == Method::HEAD
            && let Some((_, endpoint)) = self.methods.iter().find(|(m, _)| *m == Method::GET)
        {
            return Ok(endpoint);
        }
        if let Some(endpoint) = &self.any {
            return Ok(endpoint);
        }
        let mut allow: Vec<&str> = self.methods.iter().map(|(m, _)| m.as_str()).collect();
        if allow.contains(&"GET") && !allow.contains(&"HEAD") {
            allow.push("HEAD");
        }
        Err(allow.join(", "))
    }

    /// Every endpoint, for build-time checks and logs.
    pub(crate) fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.any.iter().chain(self.methods.iter().map(|(_, e)| e))
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
