//! The responses and arguments every web app reaches for, through the test
//! clients: redirects, server-sent events (async stream and sync iterator),
//! a streamed body's content type, JSON's `+json` media types and the
//! client's address.

use std::time::Duration;

use serde::Deserialize;
use twain::futures::StreamExt;
use twain::prelude::*;
use twain::sse::{Event, KeepAlive, Sse};
use twain::test::Client;
use twain::{ByteStream, Chunks, ClientAddr, Redirect};

#[view]
fn show(id: u32) -> String {
    format!("article {id}")
}

#[view]
fn create(req: &Request) -> Result<Redirect, Error> {
    Redirect::to_route(req, "article", &[("id", "42")])
}

#[view]
fn bad_name(req: &Request) -> Result<Redirect, Error> {
    Redirect::to_route(req, "no-such-route", &[])
}

#[view]
fn moved() -> Redirect {
    Redirect::permanent("/articles/1/")
}

#[view]
async fn elsewhere() -> Redirect {
    Redirect::temporary("https://example.com/login?next=%2F")
}

#[view]
fn broken() -> Redirect {
    Redirect::to("/a\nb")
}

#[test]
fn redirects_have_their_status_and_location() {
    let app = App::new()
        .route("articles/<int:id>/", show)
        .name("article")
        .route("articles/", post(create))
        .route("bad/", bad_name)
        .route("old/", moved)
        .route("login/", elsewhere)
        .route("broken/", broken);
    let client = Client::new(app);
    let created = client.post("/articles/", "text/plain", "");
    assert_eq!(created.status(), 303);
    assert_eq!(created.header("location"), Some("/articles/42/"));
    assert_eq!(client.get("/old/").status(), 308);
    assert_eq!(client.get("/old/").header("location"), Some("/articles/1/"));
    let login = client.get("/login/");
    assert_eq!(login.status(), 307);
    assert_eq!(
        login.header("location"),
        Some("https://example.com/login?next=%2F")
    );
    assert_eq!(client.get("/bad/").status(), 500);
    assert_eq!(client.get("/broken/").status(), 500);
}

#[view]
async fn ticks() -> impl IntoResponse {
    let events = twain::futures::stream::iter(1..=3).map(|n| {
        Event::default()
            .event("tick")
            .id(n.to_string())
            .data(format!("n={n}"))
    });
    Sse::new(events)
}

#[view]
fn rows() -> impl IntoResponse {
    // Each `next()` runs on a sync thread: it may block.
    let events = (1..=3).map(|n| {
        assert!(twain::on_sync_thread(), "pulled on a sync thread");
        Event::default().data(format!("row {n}"))
    });
    Sse::iter(events)
}

#[view]
fn slow_rows() -> impl IntoResponse {
    let events = (1..=2).map(|n| {
        std::thread::sleep(Duration::from_millis(150));
        Event::default().data(format!("row {n}"))
    });
    Sse::iter(events).keep_alive(KeepAlive::new().interval(Duration::from_millis(40)))
}

#[view]
async fn failing() -> impl IntoResponse {
    let events = twain::futures::stream::iter([
        Ok(Event::default().data("one")),
        Err(std::io::Error::other("gone")),
    ]);
    Sse::new(events).no_keep_alive()
}

#[test]
fn server_sent_events_from_a_stream_and_from_a_sync_iterator() {
    let app = App::new()
        .route("ticks/", ticks)
        .route("rows/", rows)
        .route("slow/", slow_rows);
    let client = Client::new(app);
    let response = client.get("/ticks/");
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    assert_eq!(response.header("cache-control"), Some("no-cache"));
    assert_eq!(
        response.text(),
        "event: tick\nid: 1\ndata: n=1\n\nevent: tick\nid: 2\ndata: n=2\n\nevent: tick\nid: 3\ndata: n=3\n\n"
    );
    assert_eq!(
        client.get("/rows/").text(),
        "data: row 1\n\ndata: row 2\n\ndata: row 3\n\n"
    );

    // A slow iterator: keep-alive comments go out between its events.
    let slow = client.get("/slow/").text();
    assert!(slow.starts_with(": keep-alive\n\n"), "{slow:?}");
    assert!(
        slow.contains("data: row 1\n\n") && slow.ends_with("data: row 2\n\n"),
        "{slow:?}"
    );
}

#[tokio::test]
async fn an_error_in_the_event_stream_ends_it() {
    let app = App::new().route("", failing).into_service().unwrap();
    let request = twain::http::Request::get("/")
        .body(twain::Body::empty())
        .unwrap();
    let body = app.handle(request).await.into_body().collect_bytes().await;
    assert!(body.is_err(), "the body ends with the stream's error");
}

#[view]
fn csv() -> impl IntoResponse {
    Chunks::new((1..=3).map(|n| format!("{n},{}\n", n * n))).content_type("text/csv")
}

#[view]
async fn ndjson() -> impl IntoResponse {
    let lines =
        twain::futures::stream::iter(["{\"a\":1}\n", "{\"a\":2}\n"]).map(Ok::<_, std::io::Error>);
    ByteStream::new(lines).content_type("application/x-ndjson")
}

#[view]
fn bad_type() -> impl IntoResponse {
    Chunks::new(["x"]).content_type("text/\ncsv")
}

#[test]
fn streamed_bodies_carry_the_content_type_they_are_given() {
    let client = Client::new(
        App::new()
            .route("csv/", csv)
            .route("nd/", ndjson)
            .route("bad/", bad_type),
    );
    let response = client.get("/csv/");
    assert_eq!(response.header("content-type"), Some("text/csv"));
    assert_eq!(response.text(), "1,1\n2,4\n3,9\n");
    let nd = client.get("/nd/");
    assert_eq!(nd.header("content-type"), Some("application/x-ndjson"));
    assert_eq!(nd.text(), "{\"a\":1}\n{\"a\":2}\n");
    assert_eq!(client.get("/bad/").status(), 500);
}

#[derive(Deserialize)]
struct Problem {
    title: String,
}

#[view]
fn problem(body: Json<Problem>) -> String {
    body.0.title
}

#[test]
fn json_accepts_structured_json_media_types() {
    let client = Client::new(App::new().route("", post(problem)));
    for content_type in [
        "application/json",
        "application/problem+json",
        "application/vnd.api+json; charset=utf-8",
        "Application/Merge-Patch+JSON",
    ] {
        let response = client.post("/", content_type, r#"{"title":"ok"}"#);
        assert_eq!(response.status(), 200, "{content_type}");
        assert_eq!(response.text(), "ok");
    }
    for content_type in [
        "text/json+xml",
        "application/+json",
        "application/xml",
        "text/plain",
    ] {
        let response = client.post("/", content_type, r#"{"title":"ok"}"#);
        assert_eq!(response.status(), 415, "{content_type}");
        assert!(
            response.text().contains("application/*+json"),
            "{}",
            response.text()
        );
    }
}

#[view]
fn whoami(addr: ClientAddr) -> String {
    addr.ip().to_string()
}

#[view]
async fn whoami_async(addr: std::net::SocketAddr) -> String {
    addr.to_string()
}

#[test]
fn the_client_address_is_an_argument_and_127_0_0_1_in_tests() {
    let client = Client::new(App::new().route("a/", whoami).route("b/", whoami_async));
    assert_eq!(client.get("/a/").text(), "127.0.0.1");
    let mut request = twain::http::Request::get("/b/")
        .body(twain::Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(std::net::SocketAddr::from(([10, 1, 2, 3], 4567)));
    assert_eq!(client.request(request).text(), "10.1.2.3:4567");
}

#[tokio::test]
async fn without_a_server_the_address_is_a_500_that_says_why() {
    let app = App::new().route("", whoami).into_service().unwrap();
    let request = twain::http::Request::get("/")
        .body(twain::Body::empty())
        .unwrap();
    assert_eq!(app.handle(request).await.status(), 500);
}

#[view]
async fn ws_view(ws: twain::ws::WebSocketUpgrade) -> Response {
    ws.on_upgrade(|_socket| async {})
}

#[test]
fn a_request_that_is_no_handshake_is_told_what_is_missing() {
    let client = Client::new(App::new().route("ws/", ws_view));
    let response = client.get("/ws/");
    assert_eq!(response.status(), 400);
    assert!(
        response.text().contains("Connection: upgrade"),
        "{}",
        response.text()
    );
    let handshake = twain::http::Request::get("/ws/")
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .body(twain::Body::empty())
        .unwrap();
    // The test clients have no socket to upgrade.
    assert_eq!(client.request(handshake).status(), 426);
}
