//! tower inside an app, through the test clients: tower-http's layers around
//! the whole app and around one route, tower services mounted at a prefix,
//! and where they sit against twain's middleware.

use std::time::Duration;

use twain::Body;
use twain::http::{Request as HttpRequest, header};
use twain::prelude::*;
use twain::test::Client;
use twain::tower_http::compression::CompressionLayer;
use twain::tower_http::cors::CorsLayer;
use twain::tower_http::services::ServeDir;
use twain::tower_http::set_header::SetResponseHeaderLayer;
use twain::tower_http::timeout::TimeoutLayer;
use twain::tower_http::trace::TraceLayer;

fn get(path: &str, headers: &[(&str, &str)]) -> HttpRequest<Body> {
    let mut builder = HttpRequest::get(path);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

#[view]
fn big() -> String {
    "twain ".repeat(1000)
}

#[view]
fn article(id: u32) -> String {
    format!("article {id}")
}

#[view]
async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(5)).await;
    "late"
}

#[test]
fn app_layers_wrap_every_route_and_the_404() {
    let app = App::new()
        .layer(TraceLayer::new_for_http())
        .layer(CompressionLayer::new())
        .route("big/", big)
        .route("articles/<int:id>/", article);
    let client = Client::new(app);

    let zipped = client.request(get("/big/", &[("accept-encoding", "gzip")]));
    assert_eq!(zipped.status(), 200);
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert!(
        zipped.bytes().len() < 200,
        "6000 bytes of repeats compress well"
    );
    let plain = client.get("/big/");
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text().len(), 6000);

    // Route parameters still reach the view through the layers.
    assert_eq!(client.get("/articles/7/").text(), "article 7");
    assert_eq!(client.get("/nowhere/").status(), 404);
}

#[test]
fn cors_answers_a_preflight_even_on_a_get_only_route() {
    let app = App::new()
        .layer(CorsLayer::permissive())
        .route("api/", twain::get(big));
    let client = Client::new(app);
    let preflight = HttpRequest::builder()
        .method("OPTIONS")
        .uri("/api/")
        .header("origin", "https://example.com")
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap();
    let response = client.request(preflight);
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    let simple = client.request(get("/api/", &[("origin", "https://example.com")]));
    assert_eq!(simple.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn a_route_layer_wraps_only_its_route_every_method_included() {
    let timeout =
        TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_millis(50));
    let cors = CorsLayer::permissive();
    let app = App::new()
        .route("slow/", twain::get(slow).layer(timeout))
        .route("open/<int:id>/", twain::get(article).layer(cors))
        .route("closed/<int:id>/", twain::get(article));
    let client = Client::new(app);
    assert_eq!(client.get("/slow/").status(), 408);

    let with_origin = [("origin", "https://example.com")];
    let open = client.request(get("/open/3/", &with_origin));
    assert_eq!(open.text(), "article 3");
    assert_eq!(open.header("access-control-allow-origin"), Some("*"));
    let closed = client.request(get("/closed/3/", &with_origin));
    assert_eq!(closed.header("access-control-allow-origin"), None);

    // The 405 of a layered route goes through its layers too.
    let post = client.post("/open/3/", "text/plain", "x");
    assert_eq!(post.status(), 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[middleware]
async fn tag(req: Request, next: Next) -> Response {
    let seen = req.headers().contains_key("x-from-layer");
    let mut response = next.run(req).await;
    let value = if seen {
        "layer-then-middleware"
    } else {
        "middleware-only"
    };
    response
        .headers_mut()
        .insert("x-order", value.parse().unwrap());
    response
}

#[middleware]
fn sync_tag(req: Request, next: SyncNext) -> Response {
    let mut response = next.run(req);
    response
        .headers_mut()
        .insert("x-sync", "yes".parse().unwrap());
    response
}

#[view]
fn saw_layer(req: &Request) -> String {
    format!(
        "route layer seen: {}",
        req.headers().contains_key("x-route-layer")
    )
}

#[test]
fn app_layers_are_outside_middleware_and_route_layers_inside() {
    let add = |name: &'static str| {
        twain::tower::util::MapRequestLayer::new(move |mut r: HttpRequest<Body>| {
            r.headers_mut().insert(name, "1".parse().unwrap());
            r
        })
    };
    let app = App::new()
        .layer(add("x-from-layer"))
        .middleware(tag)
        .middleware(sync_tag)
        .route("x/", twain::get(saw_layer).layer(add("x-route-layer")))
        .route("y/", saw_layer);
    let client = Client::new(app);
    let response = client.get("/x/");
    assert_eq!(response.header("x-order"), Some("layer-then-middleware"));
    assert_eq!(response.header("x-sync"), Some("yes"));
    assert_eq!(response.text(), "route layer seen: true");
    // A sync middleware around a route layer around a sync view: still one switch.
    assert_eq!(client.switches(), 1);
    assert_eq!(client.get("/y/").text(), "route layer seen: false");
}

#[test]
fn the_first_app_layer_added_is_the_outermost() {
    let app = App::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::SERVER,
            header::HeaderValue::from_static("outer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::SERVER,
            header::HeaderValue::from_static("inner"),
        ))
        .route("", big);
    assert_eq!(Client::new(app).get("/").header("server"), Some("outer"));
}

fn static_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), "0123456789abcdef").unwrap();
    std::fs::create_dir(dir.path().join("css")).unwrap();
    std::fs::write(dir.path().join("css/site.css"), "body { margin: 0 }").unwrap();
    std::fs::write(dir.path().join("index.html"), "<h1>home</h1>").unwrap();
    dir
}

#[test]
fn serve_dir_mounted_at_a_prefix_sees_the_path_without_it() {
    let dir = static_dir();
    let app = App::new()
        .middleware(tag)
        .mount("/static", ServeDir::new(dir.path()))
        .route("", big);
    let client = Client::new(app);
    let css = client.get("/static/css/site.css");
    assert_eq!(css.status(), 200);
    assert_eq!(css.text(), "body { margin: 0 }");
    assert_eq!(css.header("content-type"), Some("text/css"));
    // The app's middleware runs around the mounted service.
    assert_eq!(css.header("x-order"), Some("middleware-only"));
    assert_eq!(client.get("/static/").text(), "<h1>home</h1>");
    assert_eq!(client.get("/static/nope.txt").status(), 404);
    assert_eq!(client.get("/static/../Cargo.toml").status(), 404);
    assert_eq!(client.get("/").status(), 200);
}

#[test]
fn serve_dir_answers_ranges_and_conditional_requests() {
    let dir = static_dir();
    let client = Client::new(App::new().nest_service("assets/", ServeDir::new(dir.path())));
    let part = client.request(get("/assets/hello.txt", &[("range", "bytes=2-5")]));
    assert_eq!(part.status(), 206);
    assert_eq!(part.text(), "2345");
    assert_eq!(part.header("content-range"), Some("bytes 2-5/16"));

    let whole = client.get("/assets/hello.txt");
    let modified = whole
        .header("last-modified")
        .expect("ServeDir sends Last-Modified")
        .to_owned();
    let again = client.request(get(
        "/assets/hello.txt",
        &[("if-modified-since", &modified)],
    ));
    assert_eq!(again.status(), 304);
    assert!(again.bytes().is_empty());

    let unsatisfiable = client.request(get("/assets/hello.txt", &[("range", "bytes=100-200")]));
    assert_eq!(unsatisfiable.status(), 416);
}

#[test]
fn route_service_answers_one_pattern_with_the_path_unchanged() {
    let dir = static_dir();
    let file = twain::tower_http::services::ServeFile::new(dir.path().join("hello.txt"));
    let client = Client::new(App::new().route_service("robots.txt", file));
    assert_eq!(client.get("/robots.txt").text(), "0123456789abcdef");
    assert_eq!(client.get("/robots.txt/x").status(), 404);
}

#[test]
fn mounts_live_in_included_route_groups_too() {
    let dir = static_dir();
    let routes = Routes::new().mount("files", ServeDir::new(dir.path()));
    let client = Client::new(App::new().include("v1/", routes));
    assert_eq!(client.get("/v1/files/hello.txt").text(), "0123456789abcdef");
}

#[derive(Clone)]
struct Failing;

impl twain::tower::Service<HttpRequest<Body>> for Failing {
    type Response = twain::http::Response<Body>;
    type Error = std::io::Error;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: HttpRequest<Body>) -> Self::Future {
        std::future::ready(Err(std::io::Error::other("the disk is on fire")))
    }
}

#[test]
fn a_failing_service_is_a_500_that_says_why() {
    let client = Client::new(App::new().mount("broken", Failing));
    let response = client.get("/broken/x");
    assert_eq!(response.status(), 500);
    // The reason is logged, not sent.
    assert!(!response.text().contains("disk"), "{}", response.text());
    assert_eq!(client.get("/elsewhere").status(), 404);
}
