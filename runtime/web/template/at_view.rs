//! Rendering a [`Template`](super::Template) where the view ran: the handler
//! takes a [`ViewRendering`] from the request before the view consumes it and
//! applies it to the view's response — on the sync thread for a sync view —
//! so middleware around the view sees the rendered body, as Django's
//! response middleware sees a rendered `TemplateResponse`. A template that
//! is still pending when the chain has answered (returned by a middleware)
//! is rendered by the finish step.

use std::sync::Arc;

use crate::core::{Disconnected, Request, Response, State};

use super::super::finish::{WebSlot, csrf_token_in, slot_if_any};
use super::load::Templates;
use super::render::{is_pending, render_pending};

/// What rendering a view's template needs of its request.
pub(crate) struct ViewRendering {
    templates: Option<State<Templates>>,
    /// The request's handle to its web slot, which the view's own
    /// extractors may make only after this was taken (a `CsrfToken`).
    cell: Option<Disconnected>,
    /// The slot of a request built by hand, if it had one already.
    slot: Option<Arc<WebSlot>>,
}

impl ViewRendering {
    /// Taken from the request before the view runs: the app's templates and
    /// the handle to the request's slot.
    pub(crate) fn of(req: &Request) -> Self {
        let cell = req.flag().cloned();
        let slot = match cell {
            Some(_) => None,
            None => slot_if_any(req),
        };
        ViewRendering {
            templates: req.scope().state.get::<Templates>(),
            cell,
            slot,
        }
    }

    /// The view's response, its template rendered if it returned one.
    pub(crate) fn apply(self, response: Response) -> Response {
        if !is_pending(&response) {
            return response;
        }
        let slot = match &self.cell {
            Some(cell) => cell.slot_if_any::<WebSlot>(),
            None => self.slot,
        };
        let token = csrf_token_in(slot.as_deref());
        render_pending(self.templates.as_deref(), response, token.as_deref())
    }
}
