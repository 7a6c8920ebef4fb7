//! Property tests run by `cargo test`: no input panics the app or answers
//! 500. Route patterns (any text given to `App::route`), request paths against
//! every converter, query strings, form and JSON bodies, and `reverse` with any
//! parameters all end in a clear answer.

use proptest::prelude::any;
use proptest::prelude::*;
use serde::Deserialize;
use twain::prelude::*;
use twain::test::Client;
use twain::{Text, http};

#[view]
async fn ints(id: u64) -> String {
    id.to_string()
}

#[view]
async fn strs(name: String) -> String {
    name
}

#[view]
async fn slugs(slug: String) -> String {
    slug
}

#[view]
async fn uuids(id: uuid::Uuid) -> String {
    id.to_string()
}

#[view]
async fn paths(rest: String) -> String {
    rest
}

#[view]
async fn small(n: u8) -> String {
    n.to_string()
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Filters {
    page: Option<u32>,
    q: Option<String>,
    flag: Option<bool>,
    tags: Option<Vec<String>>,
}

#[view]
async fn query_view(filters: Query<Filters>) -> &'static str {
    let _ = filters;
    "ok"
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Article {
    title: String,
    year: u32,
    draft: Option<bool>,
}

#[view]
fn form_view(article: Form<Article>) -> &'static str {
    let _ = article;
    "ok"
}

#[view]
async fn json_view(article: Json<Article>) -> &'static str {
    let _ = article;
    "ok"
}

#[view]
fn text_view(body: Text) -> String {
    body.0
}

fn app() -> App {
    App::new()
        .route("int/<int:id>/", ints)
        .route("str/<str:name>/", strs)
        .route("slug/<slug:slug>/", slugs)
        .route("uuid/<uuid:id>/", uuids)
        .route("path/<path:rest>", paths)
        .route("small/<int:n>/", small)
        .name("small")
        .route("query/", query_view)
        .route("form/", form_view)
        .route("json/", json_view)
        .route("text/", text_view)
}

fn client() -> &'static Client {
    static CLIENT: std::sync::OnceLock<Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| Client::new(app()))
}

/// Text that is more often near what routes and parsers look for.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z0-9%/._~{}<>:?&=+ -]{0,40}",
        "(%[0-9A-Fa-f]{2}|%|[a-z/]){0,20}",
    ]
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_request_path_gets_a_clear_answer(prefix in prop::sample::select(vec!["int", "str", "slug", "uuid", "path", "small", "query", "nope"]), rest in tricky()) {
        let raw = format!("/{prefix}/{rest}");
        // Only what an HTTP client can send: a valid request target.
        if let Ok(uri) = raw.parse::<http::Uri>() {
            let request = http::Request::get(uri).body(twain::Body::empty()).unwrap();
            let status = client().request(request).status();
            prop_assert!(matches!(status.as_u16(), 200 | 400 | 404), "{raw}: {status}");
        }
    }

    #[test]
    fn any_query_string_gets_200_or_400(query in tricky()) {
        let raw = format!("/query/?{query}");
        if let Ok(uri) = raw.parse::<http::Uri>() {
            let request = http::Request::get(uri).body(twain::Body::empty()).unwrap();
            let reply = client().request(request);
            prop_assert!(matches!(reply.status().as_u16(), 200 | 400), "{raw}: {}", reply.status());
            if reply.status() == 400 {
                prop_assert!(reply.text().starts_with("invalid query string: "), "{}", reply.text());
            }
        }
    }

    #[test]
    fn any_form_body_gets_200_or_422(body in prop_oneof![tricky().prop_map(String::into_bytes), any::<Vec<u8>>()]) {
        let reply = client().post("/form/", "application/x-www-form-urlencoded", body);
        prop_assert!(matches!(reply.status().as_u16(), 200 | 422), "{}", reply.status());
        if reply.status() == 422 {
            prop_assert!(reply.text().starts_with("invalid form body: "), "{}", reply.text());
        }
    }

    #[test]
    fn any_json_body_gets_200_400_or_422(body in prop_oneof![
        tricky().prop_map(String::into_bytes),
        any::<Vec<u8>>(),
        (tricky(), any::<i64>()).prop_map(|(t, y)| format!(r#"{{"title":{t:?},"year":{y}}}"#).into_bytes()),
    ]) {
        let reply = client().post("/json/", "application/json", body);
        prop_assert!(matches!(reply.status().as_u16(), 200 | 400 | 422), "{}", reply.status());
        if reply.status() != 200 {
            prop_assert!(reply.text().starts_with("invalid JSON body: "), "{}", reply.text());
        }
    }

    #[test]
    fn any_text_body_gets_200_or_400(body in any::<Vec<u8>>()) {
        let reply = client().post("/text/", "text/plain", body.clone());
        match String::from_utf8(body) {
            Ok(text) => prop_assert_eq!(reply.text(), text),
            Err(_) => prop_assert_eq!(reply.status().as_u16(), 400),
        }
    }

    #[test]
    fn any_route_pattern_builds_or_explains(pattern in tricky()) {
        // Building either succeeds or reports the problem; it never panics.
        let built = App::new().route(&pattern, text_view).into_service();
        if let Err(err) = built {
            prop_assert!(!err.problems().is_empty() && !err.to_string().is_empty());
        }
    }

    #[test]
    fn reverse_with_any_value_never_panics(value in tricky()) {
        static SERVICE: std::sync::OnceLock<twain::AppService> = std::sync::OnceLock::new();
        let service = SERVICE.get_or_init(|| app().into_service().unwrap());
        let reversed = service.reverse("small", &[("n", value.as_str())]);
        if let Ok(path) = reversed {
            prop_assert!(path.starts_with("/small/"), "{path}");
        }
    }
}
