//! The test clients' request builder: `put`, `patch`, `delete`, `head`,
//! `options` and `build(method, path)` start a request; headers, cookies and
//! a JSON, form or raw body reach the view; `send()` sends it, with the
//! sync `Client` and the `AsyncClient` alike. The `get` / `post` /
//! `post_json` shortcuts keep sending at once.

use serde::{Deserialize, Serialize};
use twain::prelude::*;
use twain::test::{AsyncClient, Client};
use twain::web::Cookies;
use twain::{HeaderMap, Text};

/// The method, the `x-tag` header values and the body, as the view saw them.
#[view]
fn echo(method: Method, headers: HeaderMap, Text(body): Text) -> String {
    let tags: Vec<&str> = headers
        .get_all("x-tag")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let content_type = headers
        .get("content-type")
        .map_or("-", |v| v.to_str().unwrap());
    format!("{method} [{}] {content_type} {body}", tags.join(","))
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Article {
    title: String,
    words: u32,
}

#[view]
async fn save_json(id: u32, Json(article): Json<Article>) -> Json<(u32, Article)> {
    Json((id, article))
}

#[view]
fn save_form(Form(article): Form<Article>) -> String {
    format!("{} has {} words", article.title, article.words)
}

#[view]
async fn read_cookies(cookies: Cookies) -> String {
    let value = |name| cookies.get(name).map(|c| c.value().to_owned());
    format!(
        "theme={} lang={}",
        value("theme").unwrap_or_default(),
        value("lang").unwrap_or_default()
    )
}

fn app() -> App {
    App::new()
        .route("echo/", any(echo))
        .route("articles/<int:id>/", put(save_json).patch(save_json))
        .route("form/", any(save_form))
        .route("cookies/", read_cookies)
}

fn article() -> Article {
    Article {
        title: "Plain fns".into(),
        words: 800,
    }
}

#[test]
fn each_builder_method_reaches_the_view_with_its_method() {
    let client = Client::new(app());
    assert_eq!(client.put("/echo/").send().text(), "PUT [] - ");
    assert_eq!(client.patch("/echo/").send().text(), "PATCH [] - ");
    assert_eq!(client.delete("/echo/").send().text(), "DELETE [] - ");
    assert_eq!(client.options("/echo/").send().text(), "OPTIONS [] - ");
    assert_eq!(
        client.build(Method::GET, "/echo/").send().text(),
        "GET [] - "
    );
    assert_eq!(
        client.build(Method::POST, "/echo/").send().text(),
        "POST [] - "
    );
    let purge = Method::from_bytes(b"PURGE").unwrap();
    assert_eq!(client.build(purge, "/echo/").send().text(), "PURGE [] - ");
}

#[test]
fn head_is_answered_by_the_get_view_without_a_body() {
    let client = Client::new(app());
    let response = client.head("/echo/").send();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "");
}

#[test]
fn headers_reach_the_view_and_repeat() {
    let client = Client::new(app());
    let response = client
        .delete("/echo/")
        .header("x-tag", "a")
        .header(twain::http::HeaderName::from_static("x-tag"), "b")
        .send();
    assert_eq!(response.text(), "DELETE [a,b] - ");
}

#[test]
fn a_json_body_reaches_the_view() {
    let client = Client::new(app());
    let response = client.put("/articles/7/").json(&article()).send();
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<(u32, Article)>(), (7, article()));
    let sent = client.patch("/echo/").json(&article()).send();
    assert_eq!(
        sent.text(),
        r#"PATCH [] application/json {"title":"Plain fns","words":800}"#
    );
}

#[test]
fn a_form_body_reaches_the_view() {
    let client = Client::new(app());
    let response = client.patch("/form/").form(&article()).send();
    assert_eq!(response.text(), "Plain fns has 800 words");
    let sent = client.put("/echo/").form(&[("q", "a b&c")]).send();
    assert_eq!(
        sent.text(),
        "PUT [] application/x-www-form-urlencoded q=a+b%26c"
    );
}

#[test]
fn a_raw_body_goes_as_given_with_the_content_type_of_a_header() {
    let client = Client::new(app());
    let response = client
        .put("/echo/")
        .header("content-type", "text/csv")
        .body("a,b\n1,2")
        .send();
    assert_eq!(response.text(), "PUT [] text/csv a,b\n1,2");
    let response = client.put("/echo/").body(vec![b'h', b'i']).send();
    assert_eq!(response.text(), "PUT [] - hi");
}

#[test]
fn a_request_cookie_joins_the_kept_ones_and_wins_over_its_namesake() {
    let client = Client::new(app());
    client.set_cookie("theme", "light");
    client.set_cookie("lang", "fr");
    let response = client
        .build(Method::GET, "/cookies/")
        .cookie("theme", "dark")
        .send();
    assert_eq!(response.text(), "theme=dark lang=fr");
    // Only that request had it: the client keeps its own.
    assert_eq!(client.get("/cookies/").text(), "theme=light lang=fr");
    assert_eq!(client.cookie("theme").as_deref(), Some("light"));
}

#[test]
fn a_cookie_header_of_the_request_replaces_every_kept_cookie() {
    let client = Client::new(app());
    client.set_cookie("theme", "light");
    let response = client
        .build(Method::GET, "/cookies/")
        .header("cookie", "lang=de")
        .cookie("theme", "dark")
        .send();
    assert_eq!(response.text(), "theme= lang=de");
}

#[test]
fn the_shortcuts_still_send_at_once() {
    let client = Client::new(app());
    assert_eq!(client.get("/echo/").text(), "GET [] - ");
    let posted = client.post("/echo/", "text/plain", "hi");
    assert_eq!(posted.text(), "POST [] text/plain hi");
    let posted = client.post_json("/echo/", &[1, 2]);
    assert_eq!(posted.text(), "POST [] application/json [1,2]");
}

#[test]
#[should_panic(expected = "not a header name")]
fn a_bad_header_name_fails_where_the_test_wrote_it() {
    let client = Client::new(app());
    let _ = client.put("/echo/").header("bad name", "1");
}

#[test]
#[should_panic(expected = "is not a valid request path")]
fn a_bad_path_fails_where_the_test_wrote_it() {
    let client = Client::new(app());
    let _ = client.delete("/a b/");
}

#[tokio::test]
async fn the_async_client_builds_the_same_requests() {
    let client = AsyncClient::new(app());
    let response = client.put("/articles/3/").json(&article()).send().await;
    assert_eq!(response.json::<(u32, Article)>(), (3, article()));
    let response = client.patch("/form/").form(&article()).send().await;
    assert_eq!(response.text(), "Plain fns has 800 words");
    let response = client
        .delete("/echo/")
        .header("x-tag", "z")
        .body("gone")
        .send()
        .await;
    assert_eq!(response.text(), "DELETE [z] - gone");
    assert_eq!(
        client.options("/echo/").send().await.text(),
        "OPTIONS [] - "
    );
    let head = client.head("/echo/").send().await;
    assert_eq!(
        (head.status(), head.text()),
        (StatusCode::OK, String::new())
    );
    let custom = client.build(Method::TRACE, "/echo/").send().await;
    assert_eq!(custom.text(), "TRACE [] - ");
    client.set_cookie("lang", "en");
    let response = client
        .build(Method::GET, "/cookies/")
        .cookie("theme", "dark")
        .send()
        .await;
    assert_eq!(response.text(), "theme=dark lang=en");
    assert_eq!(client.get("/echo/").await.text(), "GET [] - ");
}
