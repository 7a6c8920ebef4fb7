//! `channels: Channels` as a view's argument: the layer `App` put in the
//! request's state.

use crate::core::{Error, IntoResponse, Request, Response};
use crate::extract::FromRequest;

use super::layer::Channels;

impl FromRequest for Channels {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        req.scope()
            .state
            .get::<Channels>()
            .map(|state| (*state).clone())
            .ok_or_else(|| {
                Error::new(
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    "this app has no channel layer in its state (`App` adds one when it is built)",
                )
                .into_response()
            })
    }
}
