//! [`Template`]: a response rendered from a template. The view returns it
//! (from a sync or an async view alike); it is rendered with the app's
//! [`Templates`] right after the view returns (`at_view.rs`; by the finish
//! step, `web/finish.rs`, when a middleware returned it), so the view needs
//! no handle on them. `csrf_token` and `csrf_input`
//! are added to the context when the request handed out a CSRF token.

use std::borrow::Cow;

use http::header::{CONTENT_TYPE, HeaderValue};
use minijinja::Value;
use serde::Serialize;

use crate::core::{Body, IntoResponse, Response};

use super::load::Templates;

/// A template to render as the response: `Template::render("x.html",
/// context! { .. })`. Its status is 200 unless wrapped:
/// `(StatusCode::CREATED, Template::render(..))`. The content type follows
/// the name (`text/html` for `.html`); HTML is autoescaped.
///
/// A missing template or a failed render answers 500, logged with the
/// template's name and line.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # std::fs::write(dir.path().join("hello.html"), "<p>hello {{ name }}</p>").unwrap();
/// use twain::prelude::*;
/// use twain::web::{Template, context};
///
/// #[view]
/// async fn hello(name: String) -> Template {
///     Template::render("hello.html", context! { name })
/// }
/// # let client = twain::test::Client::new(App::new().templates(dir.path()).route("<str:name>/", hello));
/// # assert_eq!(client.get("/%3Cb%3E/").text(), "<p>hello &lt;b&gt;</p>");
/// ```
#[derive(Debug, Clone)]
pub struct Template {
    name: Cow<'static, str>,
    context: Value,
}

impl Template {
    /// The template `name` with `context`: any serde value, usually
    /// `twain::web::context! { key => value, .. }`.
    pub fn render(name: impl Into<Cow<'static, str>>, context: impl Serialize) -> Self {
        Template {
            name: name.into(),
            context: Value::from_serialize(context),
        }
    }

    /// The template's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The template a response is waiting for, in its extensions.
#[derive(Clone)]
struct Pending(Template);

impl IntoResponse for Template {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        response.extensions_mut().insert(Pending(self));
        response
    }
}

/// Whether `response` waits for its template.
pub(crate) fn is_pending(response: &Response) -> bool {
    response.extensions().get::<Pending>().is_some()
}

/// The content type of a rendered template, from its name.
pub(crate) fn content_type(name: &str) -> HeaderValue {
    let mime = mime_guess::from_path(name).first_or(mime_guess::mime::TEXT_HTML);
    let text = if mime.type_() == mime_guess::mime::TEXT && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"))
}

/// Renders the [`Template`] `response` waits for, if any.
pub(crate) fn render_pending(
    templates: Option<&Templates>,
    mut response: Response,
    csrf_token: Option<&str>,
) -> Response {
    let Some(Pending(template)) = response.extensions_mut().remove::<Pending>() else {
        return response;
    };
    let Some(templates) = templates else {
        tracing::error!(
            template = %template.name,
            "a view returned Template::render, but the app has no templates: call App::templates(\"templates\"); answering 500"
        );
        return crate::core::Error::internal("no templates")
            .with_reply("Internal Server Error")
            .into_response();
    };
    #[cfg(not(feature = "sessions"))]
    let context = {
        let _ = csrf_token; // no CSRF tokens without the `sessions` feature
        template.context
    };
    #[cfg(feature = "sessions")]
    let context = match csrf_token {
        Some(token) => {
            let input = super::super::csrf::hidden_input(token);
            minijinja::context! {
                csrf_token => token,
                csrf_input => Value::from_safe_string(input),
                ..template.context
            }
        }
        None => template.context,
    };
    match templates.render(&template.name, context) {
        Ok(text) => {
            *response.body_mut() = Body::from(text);
            response
                .headers_mut()
                .insert(CONTENT_TYPE, content_type(&template.name));
            response
        }
        Err(err) => err.into_response(),
    }
}
