//! Rendering a [`Template`](super::Template) where the view ran: the handler
//! takes a [`ViewRendering`] from the request before the view consumes it and
//! applies it to the view's response — on the sync thread for a sync view —
//! so middleware around the view sees the rendered body, as Django's
//! response middleware sees a rendered `TemplateResponse`. A template that
//! is still pending when the chain has answered (returned by a middleware)
//! is rendered by the finish step.

use std::sync::{Arc, PoisonError};

use crate::core::{Request, Response, State};

use super::super::finish::{WebSlot, slot_if_any};
use super::load::Templates;
use super::render::{is_pending, render_pending};

/// What rendering a view's template needs of its request.
pub(crate) struct ViewRendering {
    templates: Option<State<Templates>>,
    slot: Option<Arc<WebSlot>>,
}

impl ViewRendering {
    /// Taken from the request before the view runs: the slot `begin` made,
    /// which holds the templates it looked up (one extension lookup); a
    /// request that never went through `begin` looks them up itself.
    pub(crate) fn of(req: &Request) -> Self {
        let slot = slot_if_any(req);
        let templates = match &slot {
            Some(slot) => slot.templates.clone(),
            None => req.scope().state.get::<Templates>(),
        };
        ViewRendering { templates, slot }
    }

    /// The view's response, its template rendered if it returned one.
    pub(crate) fn apply(self, response: Response) -> Response {
        if !is_pending(&response) {
            return response;
        }
        let token = self.slot.as_ref().and_then(|slot| {
            slot.csrf_token
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        });
        render_pending(self.templates.as_deref(), response, token.as_deref())
    }
}
