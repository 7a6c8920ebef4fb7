//! Extractors that read the request head or the app's state: `State<T>`
//! (and `Option<State<T>>`), `HeaderMap`, `Method`, `Uri`, and the whole body
//! as `Bytes`.

use bytes::Bytes;
use http::{HeaderMap, Method, Uri};

use crate::core::{Error, IntoResponse, Request, Response, State, missing_state_message};

use super::FromRequest;

impl<T: Send + Sync + 'static> FromRequest for State<T> {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        req.scope()
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
        Ok(req.scope().state.get::<T>())
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
