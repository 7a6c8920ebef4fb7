//! A small Django-style site: a login form with a session and CSRF
//! protection, an upload form (files spooled for a sync view, read with
//! `std::io::Read`), templates with a base layout, and 404/500 pages from
//! templates.
//!
//! ```text
//! cargo run --example login_upload           # serves on 127.0.0.1:8000
//! cargo run --example login_upload -- 127.0.0.1:9000
//! ```
//!
//! Then open http://127.0.0.1:8000/ in a browser: log in as any name with
//! the password `twain`, upload a file, visit `/nowhere/` for the 404 page.
//! Set `TWAIN_SECRET_KEY` (32+ bytes) to keep sessions across restarts.

use std::io::Read;

use serde::Deserialize;
use twain::middleware::{access_log, csrf_protect};
use twain::prelude::*;
use twain::web::{CsrfToken, MultipartForm, MultipartLimits, Session, Template, context};

/// Who is logged in, if anyone.
fn user(session: &Session) -> Option<String> {
    session.get::<String>("user")
}

fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = to.parse() {
        response
            .headers_mut()
            .insert(twain::http::header::LOCATION, location);
    }
    response
}

#[view]
async fn index(session: Session, _csrf: CsrfToken) -> Template {
    Template::render("index.html", context! { user => user(&session) })
}

#[view]
fn login_form(_csrf: CsrfToken) -> Template {
    Template::render("login.html", context! { error => "" })
}

#[derive(Deserialize)]
struct Login {
    username: String,
    password: String,
}

/// A sync view: the session it changes is saved when the response goes out.
#[view]
fn login(session: Session, _csrf: CsrfToken, form: Form<Login>) -> Result<Response, Error> {
    let Form(login) = form;
    if login.password != "twain" || login.username.trim().is_empty() {
        let page = Template::render("login.html", context! { error => "wrong name or password" });
        return Ok((StatusCode::UNAUTHORIZED, page).into_response());
    }
    session.cycle_id(); // a new session id on login
    session.insert("user", login.username.trim())?;
    Ok(see_other("/"))
}

#[view]
async fn logout(session: Session) -> Response {
    session.flush();
    see_other("/")
}

#[view]
async fn upload_form(session: Session, _csrf: CsrfToken) -> Template {
    Template::render(
        "upload.html",
        context! { user => user(&session), files => () },
    )
}

/// A sync view: the files are already spooled (in memory or temp files).
#[view]
fn upload(session: Session, _csrf: CsrfToken, form: MultipartForm) -> Result<Template, Error> {
    let mut files = Vec::new();
    for mut file in form.into_files() {
        let mut head = [0u8; 16];
        let n = file.read(&mut head)?;
        files.push(context! {
            name => file.file_name().to_owned(),
            content_type => file.content_type().unwrap_or("unknown").to_owned(),
            size => file.size(),
            head => format!("{:02x?}", &head[..n]),
        });
    }
    Ok(Template::render(
        "upload.html",
        context! { user => user(&session), files },
    ))
}

#[view]
fn broken() -> &'static str {
    panic!("this view fails on purpose, to show the 500 page")
}

fn main() -> Result<(), twain::ServeError> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    App::new()
        .templates(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/templates"))
        .state(MultipartLimits::new().file_size(1024 * 1024))
        .middleware(access_log)
        .middleware(csrf_protect)
        .route("", index)
        .route("login/", get(login_form).post(login))
        .route("logout/", post(logout))
        .route("upload/", get(upload_form).post(upload))
        .route("broken/", broken)
        .run(addr.as_str())
}
