//! Typed bodies: [`Form<T>`] (`application/x-www-form-urlencoded`) and the
//! extractor side of `Json<T>` (`application/json`), each parsed with serde
//! after its `Content-Type` is checked (415 otherwise; JSON also as
//! `application/*+json`).

use http::StatusCode;
use http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::core::{Error, IntoResponse, Json, Request, Response};

use super::FromRequest;

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
        require_json(req).map_err(IntoResponse::into_response)?;
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

/// 415 unless the body is JSON: `application/json`, or any
/// `application/*+json` (`application/problem+json`,
/// `application/vnd.api+json`), parameters allowed.
fn require_json(req: &Request) -> Result<(), Error> {
    let found = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = found
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let structured = essence
        .strip_prefix("application/")
        .and_then(|sub| sub.strip_suffix("+json"))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'));
    if essence == "application/json" || structured {
        return Ok(());
    }
    Err(Error::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!(
            "expected a `Content-Type: application/json` body (or `application/*+json`), got `{found}`"
        ),
    ))
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
