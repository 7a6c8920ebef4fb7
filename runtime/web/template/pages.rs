//! Error pages from templates, as Django's `handler404` / `handler500`: an
//! error answer (twain's own 404 / 405 / 500 / 503, or an `Error` a view
//! returned) is rendered from the template named for its status —
//! `404.html`, `500.html`, `403.html`, … — when the app has one. The context
//! has `status`, `reason`, `path`, and `message` for 4xx (empty for 5xx: details are
//! never shown). A page that fails to render is logged and the plain answer
//! is sent.

use http::header::CONTENT_TYPE;

use crate::core::{Body, ErrorPage, Response};

use super::load::Templates;
use super::render::content_type;

/// `response` with its error page, when it is an error answer and the app
/// has a template for its status.
pub(crate) fn error_page(templates: &Templates, mut response: Response, path: &str) -> Response {
    let Some(page) = response.extensions_mut().remove::<ErrorPage>() else {
        return response;
    };
    let status = response.status();
    let name = format!("{}.html", status.as_u16());
    if !templates.contains(&name) {
        return response;
    }
    let context = minijinja::context! {
        status => status.as_u16(),
        reason => status.canonical_reason().unwrap_or(""),
        path => path,
        message => page.message().unwrap_or(""),
    };
    match templates.render(&name, context) {
        Ok(text) => {
            *response.body_mut() = Body::from(text);
            response
                .headers_mut()
                .insert(CONTENT_TYPE, content_type(&name));
            response.headers_mut().remove(http::header::CONTENT_LENGTH);
            response
        }
        Err(_) => response, // logged by `render`
    }
}
