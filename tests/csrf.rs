//! CSRF protection (`csrf_protect`), Django-style: a login form flow (GET the
//! form with its token, POST it back with the session), every refusal with
//! its reason, the header token, Origin and HTTPS Referer checks, exempt
//! routes, the session-kept secret, and bodies the view still reads whole
//! after the middleware read the token field.

mod browser;
mod common;

use browser::Browser;
use serde::Deserialize;
use twain::Text;
use twain::middleware::csrf_protect;
use twain::prelude::*;
use twain::web::{CsrfConfig, CsrfToken, Key, MultipartForm, Session, Template};

#[view]
fn login_form(token: CsrfToken) -> Html<String> {
    Html(format!(
        r#"<form method="post">{}<input name="username"></form>"#,
        token.hidden_input()
    ))
}

#[derive(Deserialize)]
struct Login {
    username: String,
}

#[view]
fn login(session: Session, form: Form<Login>) -> Result<String, Error> {
    session.cycle_id();
    session.insert("user", &form.0.username)?;
    Ok(format!("welcome {}", form.0.username))
}

#[view]
async fn me(session: Session) -> String {
    session
        .get::<String>("user")
        .unwrap_or_else(|| "anonymous".into())
}

#[view]
async fn echo(body: Text) -> String {
    body.0
}

#[view]
fn upload(mut form: MultipartForm) -> String {
    let file = form.file_mut("doc").map(|f| {
        let mut text = String::new();
        std::io::Read::read_to_string(f, &mut text).unwrap();
        text
    });
    format!(
        "{:?} {:?}",
        form.text("csrfmiddlewaretoken").map(str::len),
        file
    )
}

fn app() -> App {
    App::new()
        .secret_key(Key::generate())
        .state(CsrfConfig::new().exempt("hooks/<slug:name>/"))
        .middleware(csrf_protect)
        .route("login/", get(login_form).post(login))
        .route("me/", me)
        .route("echo/", echo)
        .route("upload/", upload)
        .route("hooks/<slug:name>/", hook_named)
}

#[view]
async fn hook_named(name: String) -> String {
    format!("hooked {name}")
}

/// The token in a rendered form.
fn token_in(html: &str) -> String {
    let start = html.find(r#"value=""#).unwrap() + 7;
    html[start..start + 64].to_owned()
}

#[test]
fn the_login_form_flow_keeps_the_session_and_refuses_a_post_without_token() {
    let browser = Browser::new(app());
    let form = browser.get("/login/");
    assert_eq!(form.status(), 200);
    let token = token_in(&form.text());
    assert!(browser.cookie("csrftoken").is_some());

    let refused = browser.post_form("/login/", "username=ada");
    assert_eq!(refused.status(), 403);
    let text = refused.text();
    assert!(text.contains("CSRF verification failed"), "{text}");
    assert!(
        text.contains("Reason given for failure: CSRF token missing."),
        "{text}"
    );
    assert_eq!(browser.get("/me/").text(), "anonymous");

    let ok = browser.post_form(
        "/login/",
        &format!("csrfmiddlewaretoken={token}&username=ada"),
    );
    assert_eq!(ok.status(), 200, "{}", ok.text());
    assert_eq!(
        ok.text(),
        "welcome ada",
        "the view read the whole form after the check"
    );
    assert_eq!(browser.get("/me/").text(), "ada");

    // A new form gives a differently masked token for the same secret; both work.
    let again = token_in(&browser.get("/login/").text());
    assert_ne!(again, token);
    let ok = browser.post_form("/login/", &format!("username=bob&csrf_token={again}"));
    assert_eq!(ok.text(), "welcome bob");
}

#[test]
fn each_refusal_names_its_reason() {
    let browser = Browser::new(app());
    let no_cookie = browser.post_form("/login/", "csrfmiddlewaretoken=abc&username=ada");
    assert_eq!(no_cookie.status(), 403);
    assert!(
        no_cookie.text().contains("CSRF cookie not set."),
        "{}",
        no_cookie.text()
    );

    browser.get("/login/");
    let wrong = "a".repeat(64);
    let bad = browser.post_form(
        "/login/",
        &format!("csrfmiddlewaretoken={wrong}&username=ada"),
    );
    assert!(
        bad.text().contains("CSRF token from POST incorrect."),
        "{}",
        bad.text()
    );
    let short = browser.post_form("/login/", "csrfmiddlewaretoken=abc&username=ada");
    assert!(
        short
            .text()
            .contains("CSRF token from POST has incorrect length."),
        "{}",
        short.text()
    );
    let chars = browser.post_form(
        "/login/",
        &format!("csrfmiddlewaretoken={}&username=ada", "!".repeat(64)),
    );
    assert!(
        chars.text().contains("has invalid characters."),
        "{}",
        chars.text()
    );

    let header = browser.send(
        "POST",
        "/echo/",
        &[
            ("content-type", "text/plain"),
            ("x-csrftoken", &"b".repeat(64)),
        ],
        b"hi".to_vec(),
    );
    assert!(
        header
            .text()
            .contains("CSRF token from the 'x-csrftoken' HTTP header incorrect."),
        "{}",
        header.text()
    );
}

#[test]
fn the_header_token_works_for_any_body_and_safe_methods_pass() {
    let browser = Browser::new(app());
    let token = token_in(&browser.get("/login/").text());
    let ok = browser.send(
        "POST",
        "/echo/",
        &[("content-type", "text/plain"), ("x-csrftoken", &token)],
        b"raw body".to_vec(),
    );
    assert_eq!(ok.text(), "raw body");
    let put = browser.send(
        "PUT",
        "/echo/",
        &[("content-type", "text/plain")],
        b"x".to_vec(),
    );
    assert_eq!(put.status(), 403, "every unsafe method is checked");
    assert_eq!(browser.get("/me/").status(), 200);
}

#[test]
fn a_multipart_form_with_the_token_field_reaches_a_sync_view_whole() {
    let browser = Browser::new(app());
    let token = token_in(&browser.get("/login/").text());
    let body = format!(
        "--XX\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n--XX\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n--XX--\r\n"
    );
    let ok = browser.send(
        "POST",
        "/upload/",
        &[("content-type", "multipart/form-data; boundary=XX")],
        body.into_bytes(),
    );
    assert_eq!(ok.status(), 200, "{}", ok.text());
    assert_eq!(ok.text(), "Some(64) Some(\"file body\")");
}

#[test]
fn exempt_routes_are_not_checked() {
    let browser = Browser::new(app());
    let hooked = browser.post_form("/hooks/github/", "payload=1");
    assert_eq!(hooked.text(), "hooked github");
}

#[test]
fn origin_and_https_referer_are_checked() {
    let browser = Browser::new(app());
    let token = token_in(&browser.get("/login/").text());
    let body = format!("csrfmiddlewaretoken={token}&username=ada");
    let form = ("content-type", "application/x-www-form-urlencoded");
    let evil = browser.send(
        "POST",
        "/login/",
        &[form, ("host", "site.test"), ("origin", "http://evil.test")],
        body.clone().into_bytes(),
    );
    assert_eq!(evil.status(), 403);
    assert!(
        evil.text().contains(
            "Origin checking failed - http://evil.test does not match any trusted origins."
        ),
        "{}",
        evil.text()
    );
    let same = browser.send(
        "POST",
        "/login/",
        &[form, ("host", "site.test"), ("origin", "http://site.test")],
        body.clone().into_bytes(),
    );
    assert_eq!(same.status(), 200, "{}", same.text());

    let https = App::new()
        .secret_key(Key::generate())
        .state(
            CsrfConfig::new()
                .https(true)
                .trusted_origin("https://*.example.com"),
        )
        .middleware(csrf_protect)
        .route("login/", get(login_form).post(login));
    let browser = Browser::new(https);
    let host = ("host", "site.test");
    let cases: [(Headers<'_>, u16, &str); 5] = [
        (&[form, host], 403, "Referer checking failed - no Referer."),
        (
            &[form, host, ("referer", "http://site.test/login/")],
            403,
            "Referer is insecure while host is secure.",
        ),
        (
            &[form, host, ("referer", "https://other.test/")],
            403,
            "does not match any trusted origins.",
        ),
        (
            &[form, host, ("referer", "https://site.test/login/")],
            200,
            "welcome ada",
        ),
        (
            &[form, host, ("referer", "https://www.example.com/")],
            200,
            "welcome ada",
        ),
    ];
    for (headers, status, text) in cases {
        // A fresh token each time: a login gives the client a new secret.
        let token = token_in(&browser.get("/login/").text());
        let body = format!("csrfmiddlewaretoken={token}&username=ada").into_bytes();
        let response = browser.send("POST", "/login/", headers, body);
        assert_eq!(
            response.status(),
            status,
            "{headers:?}: {}",
            response.text()
        );
        assert!(
            response.text().contains(text),
            "{headers:?}: {}",
            response.text()
        );
    }
}

#[test]
fn the_secret_can_live_in_the_session() {
    let app = App::new()
        .secret_key(Key::generate())
        .state(CsrfConfig::new().use_sessions(true))
        .middleware(csrf_protect)
        .route("login/", get(login_form).post(login))
        .route("me/", me);
    let browser = Browser::new(app);
    let token = token_in(&browser.get("/login/").text());
    assert!(browser.cookie("csrftoken").is_none());
    assert!(browser.cookie("sessionid").is_some());
    let ok = browser.post_form(
        "/login/",
        &format!("csrfmiddlewaretoken={token}&username=ada"),
    );
    assert_eq!(ok.text(), "welcome ada");
    assert_eq!(browser.get("/me/").text(), "ada");
}

/// A login that answers with a form again: the token it took before the
/// login is masked anew for the template.
#[view]
fn login_then_form(session: Session, _token: CsrfToken, form: Form<Login>) -> Template {
    session.cycle_id();
    Template::render(
        "form.html",
        twain::web::context! { user => form.0.username },
    )
}

/// Django's `login` rotates the CSRF secret (`rotate_token`); here
/// `Session::cycle_id`, the call made at login, does: a secret planted
/// before (a cookie set from a sibling subdomain) is worthless after it.
#[test]
fn logging_in_gives_a_new_csrf_secret() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("form.html"),
        "<form>{{ csrf_input }}</form> {{ user }}",
    )
    .unwrap();
    for in_session in [false, true] {
        let app = App::new()
            .secret_key(Key::generate())
            .templates(templates.path())
            .state(CsrfConfig::new().use_sessions(in_session))
            .middleware(csrf_protect)
            .route("login/", get(login_form).post(login))
            .route("relogin/", post(login_then_form))
            .route("echo/", echo);
        let browser = Browser::new(app);
        let before = token_in(&browser.get("/login/").text());
        let cookie = browser.cookie("csrftoken");
        assert_eq!(cookie.is_some(), !in_session);
        let post_echo =
            |token: &str| browser.post_form("/echo/", &format!("csrfmiddlewaretoken={token}"));
        assert_eq!(post_echo(&before).status(), 200, "in session: {in_session}");

        let ok = browser.post_form(
            "/login/",
            &format!("csrfmiddlewaretoken={before}&username=ada"),
        );
        assert_eq!(ok.text(), "welcome ada");
        if !in_session {
            assert_ne!(
                browser.cookie("csrftoken"),
                cookie,
                "the secret cookie was not replaced"
            );
        }
        let refused = post_echo(&before);
        assert_eq!(
            refused.status(),
            403,
            "in session: {in_session}: a token of the old secret passed"
        );
        assert!(
            refused.text().contains("CSRF token from POST incorrect."),
            "{}",
            refused.text()
        );
        let after = token_in(&browser.get("/login/").text());
        assert_eq!(post_echo(&after).status(), 200, "in session: {in_session}");

        // The page a login answers with carries a token of the new secret.
        let page = browser.post_form(
            "/relogin/",
            &format!("csrfmiddlewaretoken={after}&username=bob"),
        );
        assert_eq!(page.status(), 200, "{}", page.text());
        let fresh = token_in(&page.text());
        assert_eq!(
            post_echo(&fresh).status(),
            200,
            "in session: {in_session}: the page's token"
        );
        assert_eq!(post_echo(&after).status(), 403, "in session: {in_session}");
    }
}

/// A client that never had a CSRF secret is not given one at login.
#[test]
fn logging_in_sets_no_csrf_cookie_where_there_was_none() {
    let app = App::new()
        .secret_key(Key::generate())
        .route("login/", post(login));
    let browser = Browser::new(app);
    assert_eq!(
        browser.post_form("/login/", "username=ada").text(),
        "welcome ada"
    );
    assert!(browser.cookie("csrftoken").is_none());
    assert!(browser.cookie("sessionid").is_some());
}

/// Request headers of one case.
type Headers<'a> = &'a [(&'a str, &'a str)];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_flow_over_a_real_socket() {
    let server = common::start(app()).await;
    let form = common::http_get(server.addr, "/login/").await;
    let token = token_in(&form.text());
    let cookie = form
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body = format!("csrfmiddlewaretoken={token}&username=ada");
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let refused = common::send(
        server.addr,
        &common::raw("POST", "/login/", &[form_type], body.as_bytes()),
    )
    .await;
    assert_eq!(refused.status, 403);
    assert!(refused.text().contains("CSRF cookie not set."));
    let ok = common::send(
        server.addr,
        &common::raw(
            "POST",
            "/login/",
            &[form_type, ("Cookie", &cookie)],
            body.as_bytes(),
        ),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    let session = ok
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("sessionid="))
        .unwrap();
    let whoami = common::send(
        server.addr,
        &common::raw("GET", "/me/", &[("Cookie", &session)], b""),
    )
    .await;
    assert_eq!(whoami.text(), "ada");
    server.stop().await;
}

#[view]
async fn stream_upload(mut form: twain::web::Multipart) -> Result<String, Error> {
    let mut sizes = Vec::new();
    while let Some(field) = form.next_field().await? {
        let name = field.name().unwrap_or("").to_owned();
        sizes.push(format!("{name}={}", field.bytes().await?.len()));
    }
    Ok(sizes.join(","))
}

#[test]
fn a_large_form_is_scanned_from_its_temp_file_and_read_whole_by_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let app = app()
        .spool_memory_limit(16 * 1024)
        .spool_dir(dir.path())
        .route("stream/", stream_upload);
    let browser = Browser::new(app);
    let token = token_in(&browser.get("/login/").text());
    let big = "z".repeat(100_000);
    // The token comes after the large file, so the whole body is scanned.
    let body = format!(
        "--XX\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n\r\n{big}\r\n--XX\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n--XX--\r\n"
    );
    let multipart = ("content-type", "multipart/form-data; boundary=XX");
    let sync = browser.send("POST", "/upload/", &[multipart], body.clone().into_bytes());
    assert_eq!(sync.status(), 200, "{}", sync.text());
    assert_eq!(sync.text(), format!("Some(64) Some({big:?})"));
    let streamed = browser.send("POST", "/stream/", &[multipart], body.into_bytes());
    assert_eq!(streamed.text(), "doc=100000,csrfmiddlewaretoken=64");

    let form = format!("username=ada&pad={big}&csrfmiddlewaretoken={token}");
    let ok = browser.post_form("/login/", &form);
    assert_eq!(ok.text(), "welcome ada");
    assert_eq!(common::entries_in(dir.path()), 0);
}
