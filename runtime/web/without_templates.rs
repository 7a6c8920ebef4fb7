//! The handler's hook for rendering a view's template, when the `templates`
//! feature is off: there is no template to render, so it does nothing.

use crate::core::{Request, Response};

/// Nothing to render without templates.
pub(crate) struct ViewRendering;

impl ViewRendering {
    pub(crate) fn of(_req: &Request) -> Self {
        ViewRendering
    }

    pub(crate) fn apply(self, response: Response) -> Response {
        response
    }
}
