//! The one place a response is finished on its way out, for every request
//! (`app/service.rs` calls [`begin`] before the chain,
//! `app/request_future.rs` calls [`finish`] after it): a
//! [`Template`](super::Template) response still pending is rendered, an error
//! answer is replaced by its page when the app has a `404.html` / `500.html`
//! / … template, the session is saved, and the jar's changes become
//! `Set-Cookie` headers. A request that used none of these allocates nothing
//! here.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use cookie::CookieJar;
#[cfg(feature = "templates")]
use http::Uri;
#[cfg(feature = "sessions")]
use http::header::VARY;
use http::header::{HeaderValue, SET_COOKIE};

#[cfg(feature = "sessions")]
use crate::core::IntoResponse;
#[cfg(feature = "templates")]
use crate::core::State;
use crate::core::{Disconnected, Request, Response, StateMap};

#[cfg(feature = "sessions")]
use super::session::{self, Shared};
#[cfg(feature = "templates")]
use super::template::{self, Templates};

/// What the web parts of one request share: made when the first of them is
/// used, kept with the request's disconnect flag (reached through the
/// request's extensions on either side of a switch), read by [`finish`].
#[derive(Default)]
pub(crate) struct WebSlot {
    /// The cookie jar, parsed on first use.
    pub(crate) jar: Mutex<Option<CookieJar>>,
    /// The session, loaded on first use.
    #[cfg(feature = "sessions")]
    pub(crate) session: Mutex<Option<Arc<Shared>>>,
    /// The masked CSRF token handed out in this request (for templates).
    #[cfg(feature = "sessions")]
    pub(crate) csrf_token: Mutex<Option<String>>,
}

/// The extension holding a request's slot, for a request that did not come
/// through an app (`Request::from_http`); an app's request keeps its slot
/// in the allocation its disconnect flag already has (`core/disconnect.rs`).
#[derive(Clone)]
struct SlotHandle(Arc<WebSlot>);

/// The slot of `req`, made on first use.
pub(crate) fn slot_of(req: &mut Request) -> Arc<WebSlot> {
    if let Some(slot) = req.flag().and_then(|cell| cell.slot(WebSlot::default)) {
        return slot;
    }
    if let Some(handle) = req.extensions().get::<SlotHandle>() {
        return handle.0.clone();
    }
    let slot = Arc::new(WebSlot::default());
    req.extensions_mut().insert(SlotHandle(slot.clone()));
    slot
}

/// The slot of `req` if it has one (no allocation).
#[cfg(feature = "templates")]
pub(crate) fn slot_if_any(req: &Request) -> Option<Arc<WebSlot>> {
    match req.flag() {
        Some(cell) => cell.slot_if_any::<WebSlot>(),
        None => None,
    }
    .or_else(|| {
        req.extensions()
            .get::<SlotHandle>()
            .map(|handle| handle.0.clone())
    })
}

/// What the web parts of an app are, looked up once when it is built.
#[derive(Clone, Default)]
pub(crate) struct WebApp {
    #[cfg(feature = "templates")]
    templates: Option<State<Templates>>,
}

impl WebApp {
    /// The app's templates, if it has any.
    pub(crate) fn of(_state: &StateMap) -> Self {
        WebApp {
            #[cfg(feature = "templates")]
            templates: _state.get::<Templates>(),
        }
    }
}

/// What [`finish`] needs of the request once it has gone down the chain:
/// the handle to its slot (the slot itself is made only if a part of the
/// request used cookies, the session or a CSRF token), and for an app with
/// templates, the templates and the path (for error pages).
pub(crate) struct Finish {
    cell: Option<Disconnected>,
    #[cfg(feature = "templates")]
    templates: Option<(State<Templates>, Uri)>,
}

/// Keeps what the finish step needs of `req`; hand the result to
/// [`finish`] with the response. Allocates nothing.
pub(crate) fn begin(_app: &WebApp, req: &Request) -> Finish {
    Finish {
        cell: req.flag().cloned(),
        #[cfg(feature = "templates")]
        templates: _app
            .templates
            .as_ref()
            .map(|templates| (templates.clone(), req.uri().clone())),
    }
}

/// A response finished by [`finish`]: at once, or once the session is
/// saved in its store (the only part that waits, boxed so that a request's
/// future does not carry a store's future).
pub(crate) enum Finished {
    Done(Response),
    #[cfg_attr(not(feature = "sessions"), allow(dead_code))]
    Saving(Pin<Box<dyn Future<Output = Response> + Send>>),
}

/// Finishes `response`: templates, error pages, the session, cookies.
#[cfg_attr(
    not(any(feature = "templates", feature = "sessions")),
    allow(unused_mut)
)]
pub(crate) fn finish(done: Finish, mut response: Response) -> Finished {
    let slot = done.cell.and_then(|cell| cell.slot_if_any::<WebSlot>());
    #[cfg(feature = "templates")]
    {
        let csrf_token = csrf_token_in(slot.as_deref());
        let templates = done.templates;
        if template::is_pending(&response) {
            let templates_of = templates.as_ref().map(|(templates, _)| &**templates);
            response = template::render_pending(templates_of, response, csrf_token.as_deref());
        }
        if let Some((templates, uri)) = &templates {
            response = template::error_page(templates, response, uri.path());
        }
    }
    let Some(slot) = slot else {
        return Finished::Done(response); // no cookie, session or token used
    };
    #[cfg(feature = "sessions")]
    {
        let session = slot
            .session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(shared) = session {
            return Finished::Saving(Box::pin(async move {
                if let Err(err) = session::save(&shared, slot.clone()).await {
                    tracing::error!(error = %err, "the session could not be saved; answering 500");
                    response = err.into_response();
                }
                response
                    .headers_mut()
                    .append(VARY, HeaderValue::from_static("Cookie"));
                set_cookies(&slot, response)
            }));
        }
    }
    Finished::Done(set_cookies(&slot, response))
}

/// The masked CSRF token handed out in the request of `slot`, for a
/// template's `csrf_input` (none without the `sessions` feature).
#[cfg(feature = "templates")]
pub(crate) fn csrf_token_in(slot: Option<&WebSlot>) -> Option<String> {
    #[cfg(feature = "sessions")]
    return slot.and_then(|slot| {
        slot.csrf_token
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    });
    #[cfg(not(feature = "sessions"))]
    return slot.and(None);
}

/// The jar's changes, as `Set-Cookie` headers on `response`.
fn set_cookies(slot: &WebSlot, mut response: Response) -> Response {
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
    drop(jar);
    response
}
