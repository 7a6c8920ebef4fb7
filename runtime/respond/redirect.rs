//! [`Redirect`]: a `Location` response — 303 See Other (after a form post),
//! 307 Temporary Redirect, 308 Permanent Redirect — to a URL or to a named
//! route through the app's `reverse`.

use http::StatusCode;
use http::header::{HeaderValue, LOCATION};

use crate::core::{Body, Error, IntoResponse, Request, Response};

/// A redirect. `Redirect::to` is what a view answers after a form post
/// (303: the browser follows with a `GET`); `temporary` (307) and
/// `permanent` (308) keep the method and body.
///
/// ```
/// use twain::prelude::*;
/// use twain::Redirect;
///
/// #[view]
/// fn show(id: u32) -> String { format!("article {id}") }
///
/// #[view]
/// fn create(req: &Request) -> Result<Redirect, Error> {
///     // ... save, then send the browser to the new article:
///     Redirect::to_route(req, "article", &[("id", "7")])
/// }
///
/// #[view]
/// fn old() -> Redirect { Redirect::permanent("/articles/") }
///
/// let app = App::new()
///     .route("articles/<int:id>/", show).name("article")
///     .route("articles/new/", post(create))
///     .route("old/", old);
/// # let client = twain::test::Client::new(app);
/// # let r = client.post("/articles/new/", "text/plain", "");
/// # assert_eq!(r.status(), 303);
/// # assert_eq!(r.header("location"), Some("/articles/7/"));
/// # assert_eq!(client.get("/old/").status(), 308);
/// ```
#[derive(Debug, Clone)]
pub struct Redirect {
    status: StatusCode,
    location: String,
}

impl Redirect {
    /// 303 See Other to `uri`: the client follows with a `GET`.
    pub fn to(uri: impl Into<String>) -> Self {
        Redirect::with_status(StatusCode::SEE_OTHER, uri)
    }

    /// 307 Temporary Redirect to `uri`: the client repeats the same method
    /// and body there.
    pub fn temporary(uri: impl Into<String>) -> Self {
        Redirect::with_status(StatusCode::TEMPORARY_REDIRECT, uri)
    }

    /// 308 Permanent Redirect to `uri`: as `temporary`, and clients may
    /// remember it.
    pub fn permanent(uri: impl Into<String>) -> Self {
        Redirect::with_status(StatusCode::PERMANENT_REDIRECT, uri)
    }

    /// 303 See Other to the route named `name` with `params` filled in
    /// (`Request::reverse`); an unknown name or parameter is a 500 that says
    /// which.
    pub fn to_route(req: &Request, name: &str, params: &[(&str, &str)]) -> Result<Self, Error> {
        req.reverse(name, params).map(Redirect::to)
    }

    /// The status this redirect answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Where it sends the client.
    pub fn location(&self) -> &str {
        &self.location
    }

    fn with_status(status: StatusCode, uri: impl Into<String>) -> Self {
        Redirect {
            status,
            location: uri.into(),
        }
    }
}

impl IntoResponse for Redirect {
    fn into_response(self) -> Response {
        let Ok(location) = HeaderValue::try_from(&self.location) else {
            return Error::internal(format!(
                "cannot redirect to {:?}: not a valid `Location` header value",
                self.location
            ))
            .into_response();
        };
        let mut response = Response::new(Body::empty());
        *response.status_mut() = self.status;
        response.headers_mut().insert(LOCATION, location);
        response
    }
}
