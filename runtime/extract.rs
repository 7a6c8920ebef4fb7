//! How view arguments are filled in: [`FromRequest`] for every argument kind,
//! [`FromParam`] for route parameters (`<int:year>` → `year: u32`), and the
//! built-in extractors (`Query`, `Json`, `Form`, `State`, `HeaderMap`, `Bytes`).

use std::future::Future;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, Method, StatusCode, Uri};
use serde::de::DeserializeOwned;

use crate::Error;
use crate::request::Request;
use crate::response::{IntoResponse, Json, Response};
use crate::state::{State, missing_state_message};

/// A value a view can take as an argument.
///
/// `name` is the argument's name as written in the view (`year` for
/// `year: u32`); route parameters use it to find their value.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a view argument: twain does not know how to extract it from a request",
    label = "not an extractor or a route parameter",
    note = "view arguments are `Request` or `&Request`, route parameters (`u32`, `i64`, `String`, `Uuid`, … named like the `<int:name>` in the route), or extractors: `Query<T>`, `Json<T>`, `Form<T>`, `State<T>`, `HeaderMap`, `Method`, `Uri`, `Bytes`",
    note = "to use your own type as a route parameter, implement `twain::FromParam` for it"
)]
pub trait FromRequest: Sized + Send + 'static {
    /// `true` for route parameters: the route must have a parameter of the
    /// argument's name (checked when the `App` is built).
    const ROUTE_PARAM: bool = false;

    /// Extracts the value, or answers with an error response (4xx/5xx).
    fn from_request(
        req: &mut Request,
        name: &'static str,
    ) -> impl Future<Output = Result<Self, Response>> + Send;
}

/// A type a route parameter converts into: `<int:year>` to `year: u32`.
///
/// A parameter that does not convert (`99999999999` for a `u8`) answers 404, as
/// a converter that rejects a segment does.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a route parameter",
    note = "implement `twain::FromParam` for it: `fn from_param(value: &str) -> Option<Self>`"
)]
pub trait FromParam: Sized + Send + 'static {
    /// Converts the percent-decoded segment; `None` answers 404.
    fn from_param(value: &str) -> Option<Self>;
}

macro_rules! from_param_by_from_str {
    ($($ty:ty),* $(,)?) => {$(
        impl FromParam for $ty {
            fn from_param(value: &str) -> Option<Self> {
                value.parse().ok()
            }
        }
    )*};
}

from_param_by_from_str!(
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    bool,
    char,
    String,
    uuid::Uuid,
    std::net::IpAddr,
    std::path::PathBuf,
);

impl<T: FromParam> FromRequest for T {
    const ROUTE_PARAM: bool = true;

    async fn from_request(req: &mut Request, name: &'static str) -> Result<Self, Response> {
        let Some(raw) = req.param(name) else {
            return Err(
                Error::internal(format!("the matched route has no parameter `{name}`"))
                    .into_response(),
            );
        };
        T::from_param(raw).ok_or_else(|| not_found(req))
    }
}

/// The 404 for a path that matches nothing (or whose parameter does not convert).
pub(crate) fn not_found(req: &Request) -> Response {
    Error::not_found(format!("Not Found: {}", req.path())).into_response()
}

impl<T: Send + Sync + 'static> FromRequest for State<T> {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        req.shared()
            .state
            .get::<T>()
            .ok_or_else(|| Error::internal(missing_state_message::<T>()).into_response())
    }
}

/// State that may be missing: `None` when no `T` was registered with
/// `App::state`, instead of a 500. Built-in middleware use it to fall back to
/// defaults.
impl<T: Send + Sync + 'static> FromRequest for Option<State<T>> {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        Ok(req.shared().state.get::<T>())
    }
}

impl FromRequest for HeaderMap {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        Ok(req.headers().clone())
    }
}

impl FromRequest for Method {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        Ok(req.method().clone())
    }
}

impl FromRequest for Uri {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        Ok(req.uri().clone())
    }
}

impl FromRequest for Bytes {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        req.read_body().await.map_err(IntoResponse::into_response)
    }
}

/// The query string parsed into `T`: `fn search(q: Query<Search>)`.
/// A query that does not parse answers 400 with serde's reason.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Send + 'static> FromRequest for Query<T> {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        let query = req.query_string().unwrap_or("");
        serde_urlencoded::from_str(query).map(Query).map_err(|err| {
            Error::bad_request(format!("invalid query string: {err}")).into_response()
        })
    }
}

/// A form body (`application/x-www-form-urlencoded`) parsed into `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + Send + 'static> FromRequest for Form<T> {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        require_content_type(req, "application/x-www-form-urlencoded")
            .map_err(IntoResponse::into_response)?;
        let bytes = req.read_body().await.map_err(IntoResponse::into_response)?;
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|err| {
                Error::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("invalid form body: {err}"),
                )
                .into_response()
            })
    }
}

impl<T: DeserializeOwned + Send + 'static> FromRequest for Json<T> {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        require_content_type(req, "application/json").map_err(IntoResponse::into_response)?;
        let bytes = req.read_body().await.map_err(IntoResponse::into_response)?;
        serde_json::from_slice(&bytes).map(Json).map_err(|err| {
            let status = match err.classify() {
                serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::BAD_REQUEST,
            };
            Error::new(status, format!("invalid JSON body: {err}")).into_response()
        })
    }
}

/// 415 unless the request says its body is `expected` (parameters such as
/// `; charset=utf-8` allowed).
fn require_content_type(req: &Request, expected: &str) -> Result<(), Error> {
    let found = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = found.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case(expected) {
        return Ok(());
    }
    Err(Error::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("expected a `Content-Type: {expected}` body, got `{found}`"),
    ))
}
