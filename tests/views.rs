//! Views through the whole stack (routing, extraction, adapters, responses)
//! with the test clients: what a user sees for each kind of view and input.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;
use twain::prelude::*;
use twain::test::{AsyncClient, Client};

#[view]
fn where_sync() -> String {
    format!("sync thread: {}", twain::on_sync_thread())
}

#[view]
async fn where_async() -> String {
    format!("sync thread: {}", twain::on_sync_thread())
}

#[view(inline)]
fn where_inline() -> String {
    format!("sync thread: {}", twain::on_sync_thread())
}

#[test]
fn each_mode_runs_where_it_should() {
    let client = Client::new(
        App::new()
            .route("sync/", where_sync)
            .route("async/", where_async)
            .route("inline/", where_inline),
    );
    assert_eq!(client.get("/sync/").text(), "sync thread: true");
    assert_eq!(client.get("/async/").text(), "sync thread: false");
    assert_eq!(client.get("/inline/").text(), "sync thread: false");
}

#[view]
async fn article(year: u32, slug: String) -> String {
    format!("{slug} from {year}")
}

#[view]
fn by_id(id: uuid::Uuid) -> String {
    id.simple().to_string()
}

#[view]
fn file(rest: String) -> String {
    rest
}

#[view]
fn small(n: u8) -> String {
    n.to_string()
}

fn routed() -> Client {
    Client::new(
        App::new()
            .route("articles/<int:year>/<slug:slug>/", article)
            .name("article")
            .route("items/<uuid:id>/", by_id)
            .route("files/<path:rest>", file)
            .route("small/<int:n>/", small),
    )
}

#[test]
fn route_parameters_arrive_typed_and_decoded() {
    let client = routed();
    let response = client.get("/articles/2024/hello-world/");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "hello-world from 2024");
    assert_eq!(
        client
            .get("/items/0b7e2a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b/")
            .text(),
        "0b7e2a3c1d2e4f508a9b0c1d2e3f4a5b"
    );
    assert_eq!(client.get("/files/a/b%20c/d.txt").text(), "a/b c/d.txt");
}

#[test]
fn a_segment_the_converter_or_the_type_rejects_is_404() {
    let client = routed();
    for path in [
        "/articles/20x4/hello/",       // int converter rejects
        "/articles/2024/hello world/", // slug rejects the space (sent raw)
        "/articles/2024/hello",        // trailing slash is significant
        "/small/300/",                 // converter accepts, u8 does not
        "/items/not-a-uuid/",
        "/nowhere/",
    ] {
        let response = client.get(&path.replace(' ', "%20"));
        assert_eq!(response.status(), 404, "{path}: {}", response.text());
        assert!(response.text().starts_with("Not Found"), "{path}");
    }
}

#[view]
fn read() -> &'static str {
    "read"
}

#[view]
fn write() -> &'static str {
    "written"
}

#[test]
fn methods_answer_or_405_with_allow() {
    let client = Client::new(App::new().route("thing/", get(read).post(write)));
    assert_eq!(client.get("/thing/").text(), "read");
    assert_eq!(client.post("/thing/", "text/plain", "x").text(), "written");
    let head = client.request(
        twain::http::Request::head("/thing/")
            .body(twain::Body::empty())
            .unwrap(),
    );
    assert_eq!(head.status(), 200, "HEAD is answered by the GET view");
    let delete = client.request(
        twain::http::Request::delete("/thing/")
            .body(twain::Body::empty())
            .unwrap(),
    );
    assert_eq!(delete.status(), 405);
    assert_eq!(delete.header("allow"), Some("GET, POST, HEAD"));
}

#[view]
fn sync_panics() -> &'static str {
    panic!("sync view exploded")
}

#[view]
async fn async_panics() -> &'static str {
    panic!("async view exploded")
}

#[test]
fn a_panicking_view_is_a_500_and_the_app_keeps_serving() {
    let client = Client::new(
        App::new()
            .route("sync/", sync_panics)
            .route("async/", async_panics)
            .route("ok/", where_sync),
    );
    for _ in 0..3 {
        let sync = client.get("/sync/");
        assert_eq!(sync.status(), 500);
        assert_eq!(sync.text(), "Internal Server Error");
        assert_eq!(client.get("/async/").status(), 500);
        assert_eq!(client.get("/ok/").status(), 200);
    }
}

#[view]
async fn fallible(n: i64) -> Result<Json<i64>, Error> {
    match n {
        0 => Err(Error::bad_request("zero is not allowed")),
        1 => {
            let parsed: i64 = "not a number".parse()?;
            Ok(Json(parsed))
        }
        n => Ok(Json(n * 2)),
    }
}

#[test]
fn errors_answer_with_their_status_and_hide_server_details() {
    let client = Client::new(App::new().route("double/<int:n>/", fallible));
    let ok = client.get("/double/21/");
    assert_eq!(ok.header("content-type"), Some("application/json"));
    assert_eq!(ok.json::<i64>(), 42);
    let bad = client.get("/double/0/");
    assert_eq!(
        (bad.status().as_u16(), bad.text().as_str()),
        (400, "zero is not allowed")
    );
    let internal = client.get("/double/1/");
    assert_eq!(internal.status(), 500);
    assert!(
        !internal.text().contains("invalid digit"),
        "{}",
        internal.text()
    );
}

#[derive(Deserialize)]
struct Search {
    q: String,
    page: Option<u32>,
}

#[view]
fn search(query: Query<Search>) -> String {
    format!("{} p{}", query.0.q, query.0.page.unwrap_or(1))
}

#[derive(Deserialize, serde::Serialize)]
struct Note {
    title: String,
}

#[view]
async fn create(note: Json<Note>) -> (StatusCode, Json<Note>) {
    (StatusCode::CREATED, note)
}

#[view(inline)]
fn count(hits: State<AtomicU64>) -> String {
    (hits.fetch_add(1, Ordering::Relaxed) + 1).to_string()
}

#[test]
fn extractors_parse_or_answer_4xx_with_the_reason() {
    let client = Client::new(
        App::new()
            .state(AtomicU64::new(0))
            .route("search/", search)
            .route("notes/", post(create))
            .route("count/", count),
    );
    assert_eq!(client.get("/search/?q=rust&page=2").text(), "rust p2");
    let bad_query = client.get("/search/?page=two");
    assert_eq!(bad_query.status(), 400);
    assert!(
        bad_query.text().starts_with("invalid query string"),
        "{}",
        bad_query.text()
    );

    let created = client.post_json("/notes/", &Note { title: "hi".into() });
    assert_eq!(created.status(), 201);
    assert_eq!(created.json::<Note>().title, "hi");
    let malformed = client.post("/notes/", "application/json", "{\"title\":");
    assert_eq!(malformed.status(), 400);
    assert!(
        malformed.text().contains("invalid JSON body"),
        "{}",
        malformed.text()
    );
    let wrong_shape = client.post("/notes/", "application/json", "{\"name\":1}");
    assert_eq!(wrong_shape.status(), 422);
    assert!(
        wrong_shape.text().contains("missing field `title`"),
        "{}",
        wrong_shape.text()
    );
    let wrong_type = client.post("/notes/", "text/plain", "{}");
    assert_eq!(wrong_type.status(), 415);

    assert_eq!(client.get("/count/").text(), "1");
    assert_eq!(client.get("/count/").text(), "2");
}

#[view]
fn needs_state(hits: State<AtomicU64>) -> String {
    hits.load(Ordering::Relaxed).to_string()
}

#[test]
fn missing_state_is_a_500_that_names_the_type() {
    let client = Client::new(App::new().route("", needs_state));
    assert_eq!(client.get("/").status(), 500);
}

#[test]
fn a_route_and_its_view_must_agree_on_parameter_names() {
    let err = Client::try_new(
        App::new()
            .route("articles/<int:yr>/<slug:slug>/", article)
            .route("bad/<nope:x>/", file),
    )
    .err()
    .expect("the app must not build");
    let message = err.to_string();
    assert!(message.contains("3 problems"), "{message}");
    assert!(
        message.contains("route `articles/<int:yr>/<slug:slug>/` has the parameter `yr`, but view `article` has no argument named `yr`"),
        "{message}"
    );
    assert!(
        message.contains("view `article` takes the route parameter `year`"),
        "{message}"
    );
    assert!(message.contains("unknown converter `nope`"), "{message}");
}

#[view]
fn post_detail(user: u32, post: u32, req: &Request) -> String {
    req.reverse(
        "post",
        &[
            ("user", &user.to_string()),
            ("post", &(post + 1).to_string()),
        ],
    )
    .unwrap()
}

#[test]
fn include_and_reverse() {
    let posts = Routes::new().route("<int:post>/", post_detail).name("post");
    let client = Client::new(App::new().include("users/<int:user>/posts/", posts));
    assert_eq!(client.get("/users/7/posts/1/").text(), "/users/7/posts/2/");
    assert_eq!(
        client.reverse("post", &[("user", "1"), ("post", "2")]),
        "/users/1/posts/2/"
    );
}

#[tokio::test]
async fn async_client_drives_the_same_stack() {
    let client = AsyncClient::new(
        App::new()
            .route("sync/", where_sync)
            .route("articles/<int:year>/<slug:slug>/", article),
    );
    assert_eq!(client.get("/sync/").await.text(), "sync thread: true");
    assert_eq!(
        client.get("/articles/1999/party/").await.text(),
        "party from 1999"
    );
}
