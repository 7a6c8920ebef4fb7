//! The blog example (`examples/blog/`), driven through the test client: the
//! very `App` that `cargo run --example blog` serves. Every page, sign-in,
//! the forms with and without their CSRF token, the upload, the API, the
//! export and the live feed — each check twice: `on_sqlite::…` on a database
//! in a temp dir, `on_postgres::…` on a new schema of the PostgreSQL server
//! in `TWAIN_TEST_POSTGRES` (skipped with a message when it is unset, a
//! failure with `TWAIN_REQUIRE_POSTGRES=1`). And one sequence of requests
//! answered identically by both: pages, API JSON, the CSV export.

#[path = "../examples/blog/app.rs"]
mod app;
#[path = "../examples/blog/auth.rs"]
mod auth;
#[path = "../examples/blog/feed.rs"]
mod feed;
#[path = "../examples/blog/models.rs"]
mod models;
#[path = "../examples/blog/schema.rs"]
mod schema;
#[path = "../examples/blog/views/mod.rs"]
mod views;

mod pg_common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use twain::test::{Client, TestResponse};

/// The database a check runs on.
#[derive(Clone, Copy, Debug)]
enum On {
    Sqlite,
    Postgres,
}

/// Every check named here runs on both databases: `on_sqlite::name` and
/// `on_postgres::name`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[test] fn $name() { super::$name(super::On::Sqlite) })*
        }
        mod on_postgres {
            $(#[test] fn $name() { super::$name(super::On::Postgres) })*
        }
    };
}

on_both!(
    every_page_works_from_the_seeded_database,
    unknown_pages_and_failures_get_the_sites_error_pages,
    sign_in_takes_the_right_password_only,
    sign_in_goes_back_to_the_page_asked_for_but_never_off_site,
    the_article_form_needs_its_csrf_token,
    an_article_without_a_title_is_sent_back_with_the_reason,
    its_author_edits_an_article_and_nobody_else_can,
    an_image_upload_is_saved_and_served_back,
    an_upload_that_is_too_big_or_not_an_image_is_refused_and_nothing_is_saved,
    the_api_lists_reads_and_creates_with_a_token,
    the_csv_export_streams_every_row,
    a_comment_is_saved_and_needs_a_name_and_a_token,
    a_posted_comment_arrives_on_the_live_feed,
    the_metrics_page_shows_routes_sync_waits_and_checkouts,
);

/// A new, empty database and the folder for the blog's files (images go to
/// `blog.media` in it); `None` when PostgreSQL is skipped.
fn config(on: On) -> Option<(tempfile::TempDir, app::Config)> {
    let dir = tempfile::tempdir().unwrap();
    let config = match on {
        On::Sqlite => app::Config::new(dir.path().join("blog.db")),
        On::Postgres => app::Config::at(
            pg_common::fresh_schema("blog")?,
            dir.path().join("blog.media"),
        ),
    };
    Some((dir, config))
}

/// A blog on a new database, and the folder of its files.
fn blog(on: On) -> Option<(tempfile::TempDir, Client)> {
    let (dir, config) = config(on)?;
    let app = app::app(&config).unwrap_or_else(|err| panic!("the blog on {on:?}: {err}"));
    Some((dir, Client::new(app)))
}

/// The CSRF token of the first form on `page`.
fn csrf_token(page: &TestResponse) -> String {
    let text = page.text();
    let start = text
        .find(r#"name="csrfmiddlewaretoken" value=""#)
        .unwrap_or_else(|| panic!("no CSRF token in the page: {text}"))
        + r#"name="csrfmiddlewaretoken" value=""#.len();
    text[start..start + 64].to_owned()
}

fn post_form(client: &Client, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let body: String = fields
        .iter()
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    client.post(path, "application/x-www-form-urlencoded", body)
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A multipart body: text fields, and an optional file `image`.
fn multipart(fields: &[(&str, &str)], image: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "blogtestboundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    if let Some((file_name, content_type, bytes)) = image {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn sign_in(client: &Client) {
    let form = client.get("/login/");
    let token = csrf_token(&form);
    let response = post_form(
        client,
        "/login/",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", schema::DEMO_USER),
            ("password", schema::DEMO_PASSWORD),
            ("next", "/"),
        ],
    );
    assert_eq!(response.status(), 303, "{}", response.text());
}

/// Publishes an article through the form; its path.
fn write_article(client: &Client, title: &str, image: Option<(&str, &str, &[u8])>) -> TestResponse {
    let token = csrf_token(&client.get("/articles/new/"));
    let (content_type, body) = multipart(
        &[
            ("csrfmiddlewaretoken", &token),
            ("title", title),
            ("body", "Some text.\nA second paragraph."),
        ],
        image,
    );
    client.post("/articles/new/", &content_type, body)
}

fn article_count(client: &Client) -> usize {
    client
        .get("/api/articles/")
        .json::<Vec<twain::serde_json::Value>>()
        .len()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

fn every_page_works_from_the_seeded_database(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    let home = client.get("/");
    assert_eq!(home.status(), 200);
    for title in ["Hello, twain", "Sync views on purpose", "Live comments"] {
        assert!(
            home.text().contains(title),
            "{title} missing: {}",
            home.text()
        );
    }
    assert!(home.text().contains("1 comment"));

    let article = client.get("/articles/1/");
    assert_eq!(article.status(), 200);
    assert!(article.text().contains("<h1>Hello, twain</h1>"));
    assert!(article.text().contains("Nice one."), "the seeded comment");
    assert!(
        article
            .text()
            .contains(r#"new EventSource("/feed/?article=1")"#)
    );

    assert_eq!(client.get("/login/").status(), 200);
    let css = client.get("/static/blog.css");
    assert_eq!(css.status(), 200);
    assert_eq!(css.header("content-type"), Some("text/css"));
    assert!(css.text().contains("--accent"));
    assert_eq!(client.get("/api/articles/").status(), 200);
    assert_eq!(client.get("/export/articles.csv").status(), 200);
    // Pages for signed-in users send the others to the sign-in page.
    assert_eq!(
        client.get("/articles/new/").header("location"),
        Some("/login/?next=/articles/new/")
    );
    assert_eq!(client.get("/account/").status(), 303);
}

/// The value of the first sample of `name` whose labels include `labels`.
fn metric(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .filter(|line| line.starts_with(name) && labels.iter().all(|l| line.contains(l)))
        .find_map(|line| line.rsplit_once(' ')?.1.parse().ok())
        .unwrap_or_else(|| panic!("no {name} {labels:?} in:\n{text}"))
}

fn the_metrics_page_shows_routes_sync_waits_and_checkouts(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    for _ in 0..3 {
        assert_eq!(client.get("/articles/1/").status(), 200);
    }
    let page = client.get("/metrics");
    assert_eq!(page.status(), 200);
    let text = page.text();
    // The recorder is the process's: other tests add to the same series.
    let show = [r#"route="/articles/<int:id>/""#, r#"method="GET""#];
    let class = [show[0], show[1], r#"class="2xx""#];
    assert!(metric(&text, "twain_requests_total{", &class) >= 3.0);
    assert!(metric(&text, "twain_request_duration_seconds_count{", &show) >= 3.0);
    let view = [r#"name="show""#, show[0]];
    assert!(metric(&text, "twain_sync_wait_seconds_count{", &view) >= 3.0);
    let backend = match on {
        On::Sqlite => r#"backend="sqlite""#,
        On::Postgres => r#"backend="postgres""#,
    };
    assert!(metric(&text, "twain_db_checkout_wait_seconds_count{", &[backend]) >= 3.0);
    assert!(metric(&text, "twain_db_pool_size ", &[]) >= 1.0);
    assert!(metric(&text, "twain_sync_threads ", &[]) >= 1.0);
}

fn unknown_pages_and_failures_get_the_sites_error_pages(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    let missing = client.get("/nowhere/");
    assert_eq!(missing.status(), 404);
    assert!(
        missing.text().contains("Page not found"),
        "{}",
        missing.text()
    );
    assert!(
        missing.text().contains("/static/blog.css"),
        "the 404 page has the site's layout"
    );
    let no_article = client.get("/articles/999/");
    assert_eq!(no_article.status(), 404);
    assert!(no_article.text().contains("Page not found"));
    let broken = client.get("/oops/");
    assert_eq!(broken.status(), 500);
    assert!(broken.text().contains("Something went wrong"));
    assert!(
        !broken.text().contains("on purpose"),
        "a 500 page shows no detail"
    );
}

fn sign_in_takes_the_right_password_only(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    let token = csrf_token(&client.get("/login/"));
    let wrong = post_form(
        &client,
        "/login/",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", "demo"),
            ("password", "guess"),
            ("next", "/"),
        ],
    );
    assert_eq!(wrong.status(), 401);
    assert!(wrong.text().contains("Wrong name or password."));
    assert!(!client.get("/").text().contains("Sign out"));

    sign_in(&client);
    let home = client.get("/");
    assert!(home.text().contains("Sign out"), "{}", home.text());
    assert!(home.text().contains(r#"<a href="/account/">demo</a>"#));
    let account = client.get("/account/");
    assert_eq!(account.status(), 200);
    assert!(account.text().contains("Your API token"));

    let token = csrf_token(&home);
    let out = post_form(&client, "/logout/", &[("csrfmiddlewaretoken", &token)]);
    assert_eq!(out.status(), 303);
    assert!(!client.get("/").text().contains("Sign out"));
}

fn sign_in_goes_back_to_the_page_asked_for_but_never_off_site(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    // A fresh token for each sign-in: signing in gives a new CSRF secret.
    let fields = |next: &'static str| {
        let token = csrf_token(&client.get("/login/?next=/articles/new/"));
        [
            ("csrfmiddlewaretoken", token),
            ("username", "demo".into()),
            ("password", schema::DEMO_PASSWORD.into()),
            ("next", next.into()),
        ]
    };
    let to_form = post_form(
        &client,
        "/login/",
        &fields("/articles/new/")
            .each_ref()
            .map(|(k, v)| (*k, v.as_str())),
    );
    assert_eq!(to_form.header("location"), Some("/articles/new/"));
    let off_site = post_form(
        &client,
        "/login/",
        &fields("//evil.test/")
            .each_ref()
            .map(|(k, v)| (*k, v.as_str())),
    );
    assert_eq!(off_site.header("location"), Some("/"));
}

fn the_article_form_needs_its_csrf_token(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    sign_in(&client);
    let (content_type, body) = multipart(&[("title", "No token"), ("body", "text")], None);
    let refused = client.post("/articles/new/", &content_type, body);
    assert_eq!(refused.status(), 403);
    assert!(
        refused.text().contains("CSRF token missing"),
        "{}",
        refused.text()
    );
    assert_eq!(article_count(&client), 3);

    let written = write_article(&client, "With a token", None);
    assert_eq!(written.status(), 303, "{}", written.text());
    assert_eq!(written.header("location"), Some("/articles/4/"));
    let page = client.get("/articles/4/");
    assert!(page.text().contains("<h1>With a token</h1>"));
    assert!(page.text().contains("<p>A second paragraph.</p>"));
    assert!(client.get("/").text().contains("With a token"));
}

fn an_article_without_a_title_is_sent_back_with_the_reason(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    sign_in(&client);
    let response = write_article(&client, "   ", None);
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .contains("An article needs a title and a text.")
    );
    assert_eq!(article_count(&client), 3);
}

fn its_author_edits_an_article_and_nobody_else_can(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    sign_in(&client);
    let form = client.get("/articles/2/edit/");
    assert_eq!(form.status(), 200);
    assert!(form.text().contains(r#"value="Sync views on purpose""#));
    let token = csrf_token(&form);
    let (content_type, body) = multipart(
        &[
            ("csrfmiddlewaretoken", &token),
            ("title", "Sync views, on purpose"),
            ("body", "Rewritten."),
        ],
        None,
    );
    let saved = client.post("/articles/2/edit/", &content_type, body.clone());
    assert_eq!(saved.status(), 303);
    let page = client.get("/articles/2/").text();
    assert!(page.contains("<h1>Sync views, on purpose</h1>"), "{page}");
    assert!(page.contains("<p>Rewritten.</p>"));
    assert_eq!(client.get("/articles/99/edit/").status(), 404);

    // Signed out, with a valid CSRF cookie and token: still refused.
    let token = csrf_token(&client.get("/"));
    post_form(&client, "/logout/", &[("csrfmiddlewaretoken", &token)]);
    let (content_type, body) = multipart(
        &[
            ("csrfmiddlewaretoken", &csrf_token(&client.get("/login/"))),
            ("title", "Taken over"),
            ("body", "x"),
        ],
        None,
    );
    assert_eq!(
        client
            .post("/articles/2/edit/", &content_type, body)
            .status(),
        403
    );
    assert!(!client.get("/articles/2/").text().contains("Taken over"));
}

fn an_image_upload_is_saved_and_served_back(on: On) {
    let Some((dir, client)) = blog(on) else {
        return;
    };
    sign_in(&client);
    let written = write_article(
        &client,
        "With a picture",
        Some(("dot.png", "image/png", PNG)),
    );
    assert_eq!(written.status(), 303, "{}", written.text());
    let api: twain::serde_json::Value = client.get("/api/articles/4/").json();
    let image = api["image"]
        .as_str()
        .expect("the article has an image")
        .to_owned();
    assert!(
        image.starts_with("/media/4-") && image.ends_with(".png"),
        "{image}"
    );
    let file_name = &image["/media/".len()..];
    assert!(client.get("/articles/4/").text().contains(file_name));
    let served = client.get(&image);
    assert_eq!(served.status(), 200);
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(&served.bytes()[..], PNG);
    assert!(dir.path().join("blog.media").join(file_name).is_file());
    assert_eq!(
        client.get("/media/..%2Fblog.db").status(),
        404,
        "no way out of the media folder"
    );
}

fn an_upload_that_is_too_big_or_not_an_image_is_refused_and_nothing_is_saved(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    sign_in(&client);
    let big = vec![0u8; app::MAX_IMAGE_BYTES as usize + 1];
    let too_big = write_article(&client, "Too big", Some(("big.png", "image/png", &big)));
    assert_eq!(too_big.status(), 413);
    assert!(
        too_big.text().contains("larger than the limit"),
        "{}",
        too_big.text()
    );

    let text = write_article(
        &client,
        "Not an image",
        Some(("notes.png", "image/png", b"just text, renamed")),
    );
    assert_eq!(text.status(), 415);
    assert!(
        text.text().contains("PNG, JPEG, GIF or WebP"),
        "{}",
        text.text()
    );
    // The image is checked before the article is written.
    assert_eq!(article_count(&client), 3);
}

fn the_api_lists_reads_and_creates_with_a_token(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    let list: Vec<twain::serde_json::Value> = client.get("/api/articles/").json();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["title"], "Live comments", "newest first");
    assert_eq!(list[0]["comments"], 1);
    let one = client.get("/api/articles/1/");
    assert_eq!(one.header("content-type"), Some("application/json"));
    let one: twain::serde_json::Value = one.json();
    assert_eq!(one["title"], "Hello, twain");
    assert_eq!(one["author"], "demo");
    let missing = client.get("/api/articles/999/");
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.json::<twain::serde_json::Value>()["error"],
        "no such article"
    );

    let new = r#"{"title": "From the API", "body": "Posted as JSON."}"#;
    let anonymous = client.post("/api/articles/", "application/json", new);
    assert_eq!(anonymous.status(), 401);
    assert!(
        anonymous.json::<twain::serde_json::Value>()["error"]
            .as_str()
            .unwrap()
            .contains("Bearer")
    );

    sign_in(&client);
    let account = client.get("/account/").text();
    let start = account.find(r#"<code id="token">"#).unwrap() + r#"<code id="token">"#.len();
    let token = account[start..start + 32].to_owned();
    client.clear_cookies(); // the API needs no session, only the token
    let send = |body: &str, token: &str| {
        client.request(
            twain::http::Request::post("/api/articles/")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .body(twain::Body::from(body.to_owned()))
                .unwrap(),
        )
    };
    assert_eq!(send(new, "not-the-token").status(), 401);
    let bad = send("{\"title\": ", &token);
    assert_eq!(bad.status(), 400);
    assert!(
        bad.json::<twain::serde_json::Value>()["error"]
            .as_str()
            .unwrap()
            .starts_with("the body is not an article")
    );
    assert_eq!(send(r#"{"title": "", "body": "x"}"#, &token).status(), 422);
    let created = send(new, &token);
    assert_eq!(created.status(), 201, "{}", created.text());
    let created: twain::serde_json::Value = created.json();
    assert_eq!(created["id"], 4);
    assert_eq!(created["author"], "demo");
    assert!(client.get("/").text().contains("From the API"));
}

fn the_csv_export_streams_every_row(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    sign_in(&client);
    // More rows than one batch of the row stream (256).
    for n in 0..300 {
        let id = models::now(); // any distinct text will do
        let title = format!("Bulk, \"{n}\" {id}");
        let response = write_article(&client, &title, None);
        assert_eq!(response.status(), 303);
    }
    let export = client.get("/export/articles.csv");
    assert_eq!(export.status(), 200);
    assert_eq!(
        export.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        export.header("content-disposition"),
        Some("attachment; filename=\"articles.csv\"")
    );
    assert_eq!(
        export.header("content-length"),
        None,
        "streamed, not buffered"
    );
    let text = export.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 303);
    assert_eq!(lines[0], "id,title,author,created_at,comments");
    assert!(lines[1].starts_with("1,\"Hello, twain\",demo,"));
    assert!(lines[1].ends_with(",1"));
    assert!(
        lines[303].starts_with("303,\"Bulk, \"\"299\"\" "),
        "{}",
        lines[303]
    );
}

fn a_comment_is_saved_and_needs_a_name_and_a_token(on: On) {
    let Some((_dir, client)) = blog(on) else {
        return;
    };
    let page = client.get("/articles/3/");
    let token = csrf_token(&page);
    let refused = post_form(
        &client,
        "/articles/3/comments/",
        &[("author", "eve"), ("body", "no token")],
    );
    assert_eq!(refused.status(), 403);
    let empty = post_form(
        &client,
        "/articles/3/comments/",
        &[
            ("csrfmiddlewaretoken", &token),
            ("author", " "),
            ("body", "x"),
        ],
    );
    assert_eq!(empty.status(), 400);
    let posted = post_form(
        &client,
        "/articles/3/comments/",
        &[
            ("csrfmiddlewaretoken", &token),
            ("author", "grace"),
            ("body", "<b>bold</b> claim"),
        ],
    );
    assert_eq!(posted.status(), 303);
    assert_eq!(posted.header("location"), Some("/articles/3/#comment-4"));
    let page = client.get("/articles/3/").text();
    assert!(page.contains("&lt;b&gt;bold&lt;"), "escaped: {page}");
    assert!(!page.contains("<b>bold</b>"));
    assert_eq!(
        post_form(
            &client,
            "/articles/99/comments/",
            &[
                ("csrfmiddlewaretoken", &token),
                ("author", "a"),
                ("body", "b")
            ]
        )
        .status(),
        404
    );
}

/// Sends one HTTP/1.1 request on a new connection and returns the stream.
fn send_raw(addr: std::net::SocketAddr, request: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    stream
}

/// Reads from `stream` until `needle` arrives (at most 5 s); all read.
fn read_until(stream: &mut TcpStream, needle: &str) -> String {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !String::from_utf8_lossy(&seen).contains(needle) {
        assert!(
            std::time::Instant::now() < deadline,
            "no {needle:?} in {}",
            String::from_utf8_lossy(&seen)
        );
        match stream.read(&mut buf) {
            Ok(0) => panic!(
                "closed before {needle:?}: {}",
                String::from_utf8_lossy(&seen)
            ),
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(err) => panic!(
                "{err} before {needle:?}: {}",
                String::from_utf8_lossy(&seen)
            ),
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

fn a_posted_comment_arrives_on_the_live_feed(on: On) {
    let Some((_dir, config)) = config(on) else {
        return;
    };
    let runtime = twain::tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(twain::tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = twain::tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(
        app::app(&config)
            .unwrap()
            .serve_with_shutdown(listener, async {
                let _ = stopped.await;
            }),
    );

    let mut feed = send_raw(
        addr,
        "GET /feed/?article=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    );
    let head = read_until(&mut feed, "\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");

    // A comment on another article is not sent to this listener; then one on
    // article 2 is. The form is CSRF-protected: cookie and header agree.
    let secret = "abcdefghijklmnopqrstuvwxyz012345";
    for (article, text) in [(1, "elsewhere"), (2, "live+and+well")] {
        let body = format!("author=lin&body={text}");
        let mut post = send_raw(
            addr,
            &format!(
                "POST /articles/{article}/comments/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken={secret}\r\nX-CSRFToken: {secret}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        );
        let answer = read_until(&mut post, "\r\n\r\n");
        assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    }
    let events = read_until(&mut feed, "live and well");
    assert!(events.contains("event: comment\n"), "{events}");
    assert!(events.contains("id: 5\n"), "{events}");
    assert!(events.contains(r#""author":"lin""#), "{events}");
    assert!(!events.contains("elsewhere"), "{events}");

    drop(feed);
    let _ = stop.send(());
    runtime.block_on(server).unwrap().unwrap();
}

/// One answer, as the comparison sees it: status, `location`, content type
/// and the body with what differs from run to run masked (CSRF and API
/// tokens, unix times, displayed dates).
fn seen(path: &str, response: &TestResponse) -> String {
    format!(
        "{path} -> {} {} {}\n{}",
        response.status().as_u16(),
        response.header("location").unwrap_or("-"),
        response.header("content-type").unwrap_or("-"),
        masked(&response.text()),
    )
}

fn masked(text: &str) -> String {
    let mut text = text.to_owned();
    for (before, len, mask) in [
        (r#"name="csrfmiddlewaretoken" value=""#, 64, "<csrf>"),
        (r#"<code id="token">"#, 32, "<token>"),
        ("Bearer ", 32, "<token>"),
    ] {
        let mut from = 0;
        while let Some(at) = text[from..].find(before) {
            let start = from + at + before.len();
            let end = (start + len).min(text.len());
            text.replace_range(start..end, mask);
            from = start;
        }
    }
    // RFC 3339 times (`2026-12-01T14:05:09.123456Z`, the API's and the
    // export's), then `2026-12-01 14:05 UTC` (16 characters before ` UTC`),
    // then any run of ten digits (a unix time).
    let mut from = 0;
    while let Some(at) = text[from..].find('Z') {
        let end = from + at;
        let start = text[..end]
            .rfind(|c: char| !(c.is_ascii_digit() || "-T:.".contains(c)))
            .map_or(0, |i| i + 1);
        if end - start >= 19 && text.as_bytes()[start + 10] == b'T' {
            text.replace_range(start..=end, "<time>");
            from = start + "<time>".len();
        } else {
            from = end + 1;
        }
    }
    let mut from = 0;
    while let Some(at) = text[from..].find(" UTC") {
        let end = from + at;
        if let Some(start) = end.checked_sub(16)
            && text.is_char_boundary(start)
            && text[start..end].bytes().filter(u8::is_ascii_digit).count() == 12
        {
            text.replace_range(start..end, "<date>");
            from = start + "<date> UTC".len();
        } else {
            from = end + 1;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        out.push_str(if digits.len() == 10 {
            "<time>"
        } else {
            &digits
        });
        digits.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

/// What one fixed sequence of requests answers: reading every kind of page,
/// signing in (wrongly, then rightly), writing and editing through the
/// forms, commenting, the API's reads, writes and errors, the export.
fn the_same_visit(client: &Client) -> Vec<String> {
    let mut answers = Vec::new();
    let mut get = |path: &str| {
        let response = client.get(path);
        answers.push(seen(path, &response));
        response
    };
    for path in [
        "/",
        "/articles/1/",
        "/articles/999/",
        "/api/articles/",
        "/api/articles/2/",
        "/api/articles/999/",
        "/export/articles.csv",
        "/articles/new/",
    ] {
        get(path);
    }
    let token = csrf_token(&get("/login/"));
    let wrong = post_form(
        client,
        "/login/",
        &[
            ("csrfmiddlewaretoken", &token),
            ("username", "demo"),
            ("password", "guess"),
            ("next", "/"),
        ],
    );
    answers.push(seen("POST /login/ (wrong)", &wrong));
    sign_in(client);
    answers.push(seen(
        "POST /articles/new/",
        &write_article(client, "Both", None),
    ));
    answers.push(seen(
        "POST /articles/new/ (empty)",
        &write_article(client, " ", None),
    ));
    let token = csrf_token(&client.get("/articles/4/"));
    for (author, body) in [("grace", "First & <b>best</b>"), ("lin", "Second")] {
        let posted = post_form(
            client,
            "/articles/4/comments/",
            &[
                ("csrfmiddlewaretoken", &token),
                ("author", author),
                ("body", body),
            ],
        );
        answers.push(seen("POST /articles/4/comments/", &posted));
    }
    let edit_token = csrf_token(&client.get("/articles/2/edit/"));
    let (content_type, body) = multipart(
        &[
            ("csrfmiddlewaretoken", &edit_token),
            ("title", "Sync views, on purpose"),
            ("body", "Rewritten.\n\nTwice."),
        ],
        None,
    );
    let edited = client.post("/articles/2/edit/", &content_type, body);
    answers.push(seen("POST /articles/2/edit/", &edited));
    let account = client.get("/account/");
    answers.push(seen("/account/", &account));
    let text = account.text();
    let start = text.find(r#"<code id="token">"#).unwrap() + r#"<code id="token">"#.len();
    let api_token = text[start..start + 32].to_owned();
    for body in [
        r#"{"title": "Via API", "body": "JSON, too."}"#,
        r#"{"title": ""#,
    ] {
        let created = client.request(
            twain::http::Request::post("/api/articles/")
                .header("authorization", format!("Bearer {api_token}"))
                .header("content-type", "application/json")
                .body(twain::Body::from(body.to_owned()))
                .unwrap(),
        );
        answers.push(seen("POST /api/articles/", &created));
    }
    for path in [
        "/",
        "/articles/2/",
        "/articles/4/",
        "/api/articles/",
        "/api/articles/5/",
        "/export/articles.csv",
    ] {
        let response = client.get(path);
        answers.push(seen(path, &response));
    }
    answers
}

#[test]
fn the_same_visit_gets_the_same_answers_on_sqlite_and_postgres() {
    let (_dir, sqlite) = blog(On::Sqlite).unwrap();
    let sqlite = the_same_visit(&sqlite);
    // The visit did what it says (so the comparison compares something).
    let answer = |path: &str| {
        sqlite
            .iter()
            .rfind(|a| a.starts_with(&format!("{path} -> ")))
            .unwrap()
            .clone()
    };
    assert!(answer("POST /articles/new/").contains("303 /articles/4/"));
    assert!(
        answer("POST /api/articles/").contains("400"),
        "{}",
        answer("POST /api/articles/")
    );
    let csv = answer("/export/articles.csv");
    assert!(
        csv.contains("\n4,Both,demo,<time>,2\n5,Via API,demo,<time>,0"),
        "{csv}"
    );
    assert!(
        csv.contains("\n2,\"Sync views, on purpose\",demo,<time>,1\n"),
        "{csv}"
    );
    let page = answer("/articles/4/");
    assert!(page.contains("First &amp; &lt;b&gt;best"), "{page}");
    assert!(answer("/api/articles/5/").contains(r#""title":"Via API""#));
    assert!(
        answer("/").contains("<date>"),
        "dates are masked: {}",
        answer("/")
    );

    let Some((_dir, config)) = config(On::Postgres) else {
        return;
    };
    let postgres = Client::new(app::app(&config).unwrap());
    let postgres = the_same_visit(&postgres);
    assert_eq!(postgres.len(), sqlite.len());
    for (pg, lite) in postgres.iter().zip(&sqlite) {
        assert_eq!(pg, lite, "PostgreSQL answers as SQLite");
    }
}
