//! [`Query<T>`]: the query string parsed into `T` with serde.

use serde::de::DeserializeOwned;

use crate::core::{Error, IntoResponse, Request, Response};

use super::FromRequest;

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
