//! The one place a response is finished on its way out, for every request
//! (`app/service.rs` calls [`begin`] before the chain and [`finish`] after):
//! a [`Template`](super::Template) response is rendered, an error answer is
//! replaced by its page when the app has a `404.html` / `500.html` / …
//! template, the session is saved, and the jar's changes become `Set-Cookie`
//! headers. A request that used none of these pays for one small allocation.

use std::sync::{Arc, Mutex, PoisonError};

use cookie::CookieJar;
use http::Uri;
use http::header::{HeaderValue, SET_COOKIE, VARY};

use crate::core::{IntoResponse, Request, Response, State};

use super::session::{self, Shared};
use super::template::{self, Templates};

/// What the web parts of one request share: created before the chain runs,
/// kept by [`finish`], reached by extractors through the request's
/// extensions on either side of a switch.
#[derive(Default)]
pub(crate) struct WebSlot {
    /// The cookie jar, parsed on first use.
    pub(crate) jar: Mutex<Option<CookieJar>>,
    /// The session, loaded on first use.
    pub(crate) session: Mutex<Option<Arc<Shared>>>,
    /// The masked CSRF token handed out in this request (for templates).
    pub(crate) csrf_token: Mutex<Option<String>>,
    /// The app's templates, looked up once by [`begin`] for the view's
    /// rendering (`template/at_view.rs`) and the finish step alike.
    pub(crate) templates: Option<State<Templates>>,
}

/// The extension holding a request's slot.
#[derive(Clone)]
struct SlotHandle(Arc<WebSlot>);

/// The slot of `req` (`begin` made it), or one made on first use for a
/// request built by hand.
pub(crate) fn slot_of(req: &mut Request) -> Arc<WebSlot> {
    if let Some(handle) = req.extensions().get::<SlotHandle>() {
        return handle.0.clone();
    }
    let slot = Arc::new(WebSlot::default());
    req.extensions_mut().insert(SlotHandle(slot.clone()));
    slot
}

/// The slot of `req` if it has one (no allocation).
pub(crate) fn slot_if_any(req: &Request) -> Option<Arc<WebSlot>> {
    req.extensions()
        .get::<SlotHandle>()
        .map(|handle| handle.0.clone())
}

/// What [`finish`] needs of the request once it has gone down the chain.
pub(crate) struct Finish {
    slot: Arc<WebSlot>,
    templates: Option<State<Templates>>,
    uri: Option<Uri>,
}

/// Sets up `req`'s slot; hand the result to [`finish`] with the response.
pub(crate) fn begin(req: &mut Request) -> Finish {
    let templates = req.scope().state.get::<Templates>();
    let uri = templates.as_ref().map(|_| req.uri().clone());
    let slot = Arc::new(WebSlot {
        templates: templates.clone(),
        ..WebSlot::default()
    });
    req.extensions_mut().insert(SlotHandle(slot.clone()));
    Finish {
        slot,
        templates,
        uri,
    }
}

/// Finishes `response`: templates, error pages, the session, cookies.
pub(crate) async fn finish(done: Finish, mut response: Response) -> Response {
    let Finish {
        slot,
        templates,
        uri,
    } = done;
    let csrf_token = slot
        .csrf_token
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    response = template::render_pending(templates.as_deref(), response, csrf_token.as_deref());
    if let (Some(templates), Some(uri)) = (&templates, &uri) {
        response = template::error_page(templates, response, uri.path());
    }
    let session = slot
        .session
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if let Some(shared) = session {
        if let Err(err) = session::save(&shared).await {
            tracing::error!(error = %err, "the session could not be saved; answering 500");
            response = err.into_response();
        }
        response
            .headers_mut()
            .append(VARY, HeaderValue::from_static("Cookie"));
    }
    let jar = slot.jar.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(jar) = jar.as_ref() {
        for cookie in jar.delta() {
            match HeaderValue::from_str(&cookie.encoded().to_string()) {
                Ok(value) => {
                    response.headers_mut().append(SET_COOKIE, value);
                }
                Err(_) => tracing::error!(
                    name = cookie.name(),
                    "a cookie is not a valid header value and was not set"
                ),
            }
        }
    }
    response
}
