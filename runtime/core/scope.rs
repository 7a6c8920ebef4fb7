//! [`Scope`]: what a request may see of the app that answers it — its state,
//! its body limits and its table of named routes (for `Request::reverse`) —
//! and nothing more, so code below the app layer never names the app.

use crate::routing::Router;

use super::limits::Limits;
use super::state::StateMap;

/// Shared by every request of one app (behind an `Arc`); a request built by
/// hand (`Request::from_http`) gets an empty one with the default limits.
#[derive(Default)]
pub(crate) struct Scope {
    pub(crate) state: StateMap,
    pub(crate) limits: Limits,
    /// The app's routes with their names and patterns, for reversing.
    pub(crate) names: Router<()>,
}
