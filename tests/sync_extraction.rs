//! Where a sync part's arguments are extracted: on the sync thread it runs on,
//! never on an async worker — a large `Json`, `Form` or `Text` body sent to a
//! sync view is parsed off the workers. Each body type below records, while
//! serde deserializes it (or while the view reads it), whether the parsing
//! thread is a sync thread; an async view is the control.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Deserializer};
use twain::prelude::*;
use twain::test::Client;

/// A field that notes, as it is deserialized, whether this is a sync thread.
#[derive(Debug)]
struct ParsedOn(bool);

impl<'de> Deserialize<'de> for ParsedOn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _ = String::deserialize(deserializer)?;
        Ok(ParsedOn(twain::on_sync_thread()))
    }
}

#[derive(Debug, Deserialize)]
struct Payload {
    name: ParsedOn,
}

#[view]
fn sync_json(Json(body): Json<Payload>) -> String {
    format!("parsed on a sync thread: {}", body.name.0)
}

#[view]
fn sync_form(Form(body): Form<Payload>) -> String {
    format!("parsed on a sync thread: {}", body.name.0)
}

#[view]
async fn async_json(Json(body): Json<Payload>) -> String {
    format!("parsed on a sync thread: {}", body.name.0)
}

/// A sync middleware with a body extractor of its own: also parsed on the
/// sync thread, and the view after it still runs.
static MIDDLEWARE_PARSED_ON_SYNC: AtomicBool = AtomicBool::new(false);

#[view]
fn after_middleware() -> &'static str {
    "view ran"
}

#[middleware]
fn reads_query(req: Request, Query(q): Query<Payload>, next: SyncNext) -> Response {
    MIDDLEWARE_PARSED_ON_SYNC.store(q.name.0, Ordering::SeqCst);
    next.run(req)
}

fn app() -> App {
    App::new()
        .route("sync-json", sync_json)
        .route("sync-form", sync_form)
        .route("async-json", async_json)
}

#[test]
fn a_sync_views_json_body_is_parsed_on_its_sync_thread() {
    let client = Client::new(app());
    let big = "x".repeat(3 * 1024 * 1024); // past the in-memory spool: read from the temp file
    for name in ["ada", big.as_str()] {
        let response = client.post_json("/sync-json", &serde_json::json!({ "name": name }));
        assert_eq!(response.status(), 200, "{}", response.text());
        assert_eq!(response.text(), "parsed on a sync thread: true");
    }
}

#[test]
fn a_sync_views_form_body_is_parsed_on_its_sync_thread() {
    let client = Client::new(app());
    let response = client.post(
        "/sync-form",
        "application/x-www-form-urlencoded",
        "name=ada",
    );
    assert_eq!(response.status(), 200, "{}", response.text());
    assert_eq!(response.text(), "parsed on a sync thread: true");
}

#[test]
fn an_async_views_json_body_is_parsed_inline_on_the_worker() {
    let client = Client::new(app());
    let response = client.post_json("/async-json", &serde_json::json!({ "name": "ada" }));
    assert_eq!(response.text(), "parsed on a sync thread: false");
}

#[test]
fn a_rejected_body_for_a_sync_view_is_still_a_clear_4xx() {
    let client = Client::new(app());
    let response = client.post("/sync-json", "application/json", "{not json");
    assert_eq!(response.status(), 400);
    assert!(
        response.text().contains("invalid JSON body"),
        "{}",
        response.text()
    );
    let response = client.post("/sync-json", "text/plain", "{}");
    assert_eq!(response.status(), 415);
}

#[test]
fn a_sync_middlewares_arguments_are_extracted_on_its_sync_thread() {
    let client = Client::new(
        App::new()
            .middleware(reads_query)
            .route("", after_middleware),
    );
    let response = client.get("/?name=ada");
    assert_eq!(response.text(), "view ran");
    assert!(MIDDLEWARE_PARSED_ON_SYNC.load(Ordering::SeqCst));
}
