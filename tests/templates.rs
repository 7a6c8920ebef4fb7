//! Templates: `Template::render` from sync and async views, autoescaping in
//! `.html`, the content type from the name, a broken template failing the
//! build, a render error answering 500 (logged with template and line),
//! `404.html` / `500.html` pages for twain's own answers, `csrf_input` in a
//! form, and reloading a changed file in debug builds.

mod browser;
mod common;

use std::path::Path;

use twain::StatusCode;
use twain::middleware::csrf_protect;
use twain::prelude::*;
use twain::test::Client;
use twain::web::{CsrfToken, Key, Template, Templates, context};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base.html",
        "<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}",
    );
    write(
        dir.path(),
        "hello.html",
        "{% extends \"base.html\" %}{% block title %}Hi{% endblock %}{% block body %}<p>hello {{ name }}</p>{% endblock %}",
    );
    write(dir.path(), "mail/plain.txt", "dear {{ name }}");
    write(
        dir.path(),
        "broken_at_run.html",
        "line one\n{{ missing.field.deeper }}",
    );
    write(
        dir.path(),
        "404.html",
        "<h1>Nothing at {{ path }}</h1><p>{{ message }}</p>",
    );
    write(
        dir.path(),
        "500.html",
        "<h1>Our fault ({{ status }})</h1>{{ message }}",
    );
    write(
        dir.path(),
        "form.html",
        "<form method=post>{{ csrf_input }}</form>",
    );
    dir
}

#[view]
fn hello_sync(name: String) -> Template {
    Template::render("hello.html", context! { name })
}

#[view]
async fn hello_async(name: String) -> (StatusCode, Template) {
    (
        StatusCode::CREATED,
        Template::render("hello.html", context! { name }),
    )
}

#[view]
fn plain(templates: State<Templates>) -> Result<String, Error> {
    templates.render("mail/plain.txt", context! { name => "ada" })
}

#[view]
fn text_template() -> Template {
    Template::render("mail/plain.txt", context! { name => "<b>" })
}

#[view]
fn fails() -> Template {
    Template::render("broken_at_run.html", context! {})
}

#[view]
fn missing_template() -> Template {
    Template::render("nope.html", context! {})
}

#[view]
fn panics() -> &'static str {
    panic!("boom")
}

#[view]
async fn not_here() -> Result<String, Error> {
    Err(Error::not_found("no such article"))
}

#[view]
fn form(_token: CsrfToken) -> Template {
    Template::render("form.html", context! {})
}

fn app(dir: &Path) -> App {
    App::new()
        .secret_key(Key::generate())
        .templates(dir)
        .middleware(csrf_protect)
        .route("sync/<str:name>/", hello_sync)
        .route("async/<str:name>/", hello_async)
        .route("plain/", plain)
        .route("text/", text_template)
        .route("fails/", fails)
        .route("absent/", missing_template)
        .route("panics/", panics)
        .route("article/", not_here)
        .route("form/", form)
}

#[test]
fn views_render_templates_with_autoescaping() {
    let dir = folder();
    let client = Client::new(app(dir.path()));
    let sync = client.get("/sync/%3Cscript%3E/");
    assert_eq!(sync.status(), 200);
    assert_eq!(
        sync.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(sync.text(), "<title>Hi</title><p>hello &lt;script&gt;</p>");
    let created = client.get("/async/ada/");
    assert_eq!(created.status(), 201);
    assert_eq!(created.text(), "<title>Hi</title><p>hello ada</p>");
    assert_eq!(client.get("/plain/").text(), "dear ada");
    let text = client.get("/text/");
    assert_eq!(text.text(), "dear <b>", "no escaping outside .html");
    assert_eq!(
        text.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

#[test]
fn render_errors_are_500_logged_with_the_template_and_line() {
    common::capture_logs();
    let dir = folder();
    let client = Client::new(app(dir.path()));
    let failed = client.get("/fails/");
    assert_eq!(failed.status(), 500);
    assert!(
        !failed.text().contains("missing"),
        "details are not sent: {}",
        failed.text()
    );
    let absent = client.get("/absent/");
    assert_eq!(absent.status(), 500);
    let logs = common::captured_logs();
    assert!(
        logs.contains("template `broken_at_run.html`, line 2"),
        "{logs}"
    );
    assert!(logs.contains("nope.html"), "{logs}");
}

#[test]
fn error_answers_use_the_404_and_500_templates() {
    let dir = folder();
    let client = Client::new(app(dir.path()));
    let missing = client.get("/no/such/page/");
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    // minijinja's HTML escaping writes `/` as `&#x2f;`.
    assert_eq!(
        missing.text().replace("&#x2f;", "/"),
        "<h1>Nothing at /no/such/page/</h1><p>Not Found: /no/such/page/</p>"
    );
    let article = client.get("/article/");
    assert_eq!(article.status(), 404);
    assert!(
        article.text().contains("<p>no such article</p>"),
        "{}",
        article.text()
    );
    let panicked = client.get("/panics/");
    assert_eq!(panicked.status(), 500);
    assert_eq!(
        panicked.text(),
        "<h1>Our fault (500)</h1>",
        "5xx pages get no message"
    );
    // No 403.html: the plain CSRF answer stays.
    let refused = client.post("/form/", "application/x-www-form-urlencoded", "");
    assert_eq!(refused.status(), 403);
    assert!(refused.text().contains("CSRF cookie not set."));
}

#[test]
fn without_error_templates_the_plain_answers_stay() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.html", "x");
    let client = Client::new(App::new().templates(dir.path()));
    let missing = client.get("/nothing/");
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.text(), "Not Found: /nothing/");
}

#[test]
fn a_form_template_gets_the_csrf_input() {
    let dir = folder();
    let browser = browser::Browser::new(app(dir.path()));
    let page = browser.get("/form/").text();
    assert!(
        page.starts_with(
            "<form method=post><input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\""
        ),
        "{page}"
    );
    let start = page.find("value=\"").unwrap() + 7;
    let token = &page[start..start + 64];
    let ok = browser.post_form("/form/", &format!("csrfmiddlewaretoken={token}"));
    assert_eq!(ok.status(), 200, "{}", ok.text());
}

#[test]
fn a_template_that_does_not_compile_fails_the_build() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.html", "fine");
    write(dir.path(), "bad.html", "one\ntwo {% if %}");
    let err = Client::try_new(App::new().templates(dir.path()))
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(text.contains("template `bad.html`, line 2"), "{text}");
    let missing = Client::try_new(App::new().templates("/no/such/folder"))
        .err()
        .unwrap();
    assert!(missing.to_string().contains("cannot be read"), "{missing}");
}

#[test]
fn a_changed_template_is_reloaded_in_debug_builds() {
    let dir = folder();
    let client = Client::new(app(dir.path()));
    assert_eq!(client.get("/plain/").text(), "dear ada");
    // A different length, so the change shows even with a coarse mtime.
    write(dir.path(), "mail/plain.txt", "hello again {{ name }}");
    let expected = if cfg!(debug_assertions) {
        "hello again ada"
    } else {
        "dear ada"
    };
    assert_eq!(client.get("/plain/").text(), expected);
    // A broken edit keeps the last good templates.
    write(dir.path(), "mail/plain.txt", "{% if %}");
    assert_eq!(client.get("/plain/").text(), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_page_and_the_404_page_over_a_real_socket() {
    let dir = folder();
    let server = common::start(app(dir.path())).await;
    let page = common::http_get(server.addr, "/sync/ada/").await;
    assert_eq!(page.text(), "<title>Hi</title><p>hello ada</p>");
    assert_eq!(page.header("content-length"), Some("33"));
    let missing = common::http_get(server.addr, "/missing/").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .text()
            .replace("&#x2f;", "/")
            .starts_with("<h1>Nothing at /missing/</h1>")
    );
    server.stop().await;
}

#[middleware]
async fn measure(req: Request, next: Next) -> Response {
    let (mut head, body) = next.run(req).await.into_parts();
    let bytes = body.collect_bytes().await.unwrap();
    head.headers
        .insert("x-seen-bytes", bytes.len().to_string().parse().unwrap());
    Response::from_parts(head, twain::Body::from(bytes))
}

#[test]
fn middleware_around_the_view_sees_the_rendered_page() {
    let dir = folder();
    let client = Client::new(app(dir.path()).middleware(measure));
    for path in ["/sync/ada/", "/async/ada/"] {
        let page = client.get(path);
        assert_eq!(page.header("x-seen-bytes"), Some("33"), "{path}");
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
    }
}
