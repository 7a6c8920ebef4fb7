//! `csrf_protect`: Django's `CsrfViewMiddleware` as a built-in middleware.
//! The checks themselves (Origin, Referer, the token against the secret) are
//! in `web/csrf.rs`; this answers the 403 or passes the request on.

use crate::core::{IntoResponse, Request, Response};
use crate::handler::Next;
use crate::web::{CsrfCheck, check_request};

/// Rejects unsafe requests (anything but GET, HEAD, OPTIONS, TRACE) that do
/// not carry the CSRF token with 403 and the reason (`CSRF token missing.`,
/// `CSRF cookie not set.`, `Origin checking failed - …`). Configure it with
/// [`CsrfConfig`](crate::web::CsrfConfig) in the app's state; give forms
/// the token with the [`CsrfToken`](crate::web::CsrfToken) argument.
///
/// Add it after the middleware that must see every request (access logs,
/// allowed hosts) and before those that act on the request. It is async:
/// a form post's body is spooled here to read its `csrfmiddlewaretoken`
/// field, and rewound, so the view reads the whole body afterwards; a
/// request with the `X-CSRFToken` header is not spooled.
///
/// ```
/// use twain::prelude::*;
/// use twain::middleware::csrf_protect;
/// use twain::web::CsrfToken;
///
/// #[view]
/// fn form(token: CsrfToken) -> Html<String> {
///     Html(format!(r#"<form method="post">{}</form>"#, token.hidden_input()))
/// }
///
/// let client = twain::test::Client::new(App::new().middleware(csrf_protect).route("", form));
/// let refused = client.post("/", "application/x-www-form-urlencoded", "name=ada");
/// assert_eq!(refused.status(), 403);
/// assert!(refused.text().contains("CSRF cookie not set."));
/// ```
#[crate::middleware]
pub async fn csrf_protect(mut req: Request, next: Next) -> Response {
    match check_request(&mut req).await {
        Ok(CsrfCheck::Skipped | CsrfCheck::Passed) => next.run(req).await,
        Err(err) => err.into_response(),
    }
}
