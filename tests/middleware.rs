//! Where middleware runs: thread identity and switch counts on chains of every
//! mix of modes (docs/architecture.md: at most one switch per request, and every sync
//! part of a request on the same thread), plus short-circuit, request and
//! response rewrites, errors crossing the boundary, and 404/405 through the
//! chain.
//!
//! Each part appends a hop (its name, its thread, whether that thread is a
//! sync thread) to a request extension; the view answers with the trace.

use std::cell::RefCell;

use twain::prelude::*;
use twain::test::AsyncClient;

#[derive(Clone, Default)]
struct Trace(Vec<String>);

fn hop(req: &mut Request, name: &str) {
    let here = format!(
        "{name} {:?} {}",
        std::thread::current().id(),
        twain::on_sync_thread()
    );
    req.extensions_mut()
        .get_or_insert_default::<Trace>()
        .0
        .push(here);
}

fn answer(req: &mut Request, name: &str) -> String {
    hop(req, name);
    req.extensions()
        .get::<Trace>()
        .map(|t| t.0.join("\n"))
        .unwrap_or_default()
}

macro_rules! async_hops {
    ($($name:ident),*) => {$(
        #[middleware]
        async fn $name(mut req: Request, next: Next) -> Response {
            hop(&mut req, stringify!($name));
            next.run(req).await
        }
    )*};
}

macro_rules! sync_hops {
    ($($name:ident),*) => {$(
        #[middleware]
        fn $name(mut req: Request, next: SyncNext) -> Response {
            hop(&mut req, stringify!($name));
            next.run(req)
        }
    )*};
}

async_hops!(a1, a2, a3);
sync_hops!(s1, s2, s3);

#[view]
fn sync_view(mut req: Request) -> String {
    answer(&mut req, "view")
}

#[view]
async fn async_view(mut req: Request) -> String {
    answer(&mut req, "view")
}

#[view(inline)]
fn inline_view(mut req: Request) -> String {
    answer(&mut req, "view")
}

/// One hop of the trace: (name, thread, on a sync thread).
struct Hop {
    name: String,
    thread: String,
    sync: bool,
}

/// Sends one request and returns its trace and the switches it made.
async fn trace(client: &AsyncClient) -> (Vec<Hop>, u64) {
    let before = client.switches();
    let response = client.get("/").await;
    assert_eq!(response.status(), 200, "{}", response.text());
    let hops = response
        .text()
        .lines()
        .map(|line| {
            let mut parts = line.rsplitn(3, ' ');
            let sync = parts.next().unwrap() == "true";
            let thread = parts.next().unwrap().to_owned();
            let name = parts.next().unwrap().to_owned();
            Hop { name, thread, sync }
        })
        .collect();
    (hops, client.switches() - before)
}

fn names(hops: &[Hop]) -> Vec<&str> {
    hops.iter().map(|h| h.name.as_str()).collect()
}

/// Every hop from `from` on is on one sync thread, and every hop before on
/// the async side.
fn sync_from(hops: &[Hop], from: usize) {
    for hop in &hops[..from] {
        assert!(!hop.sync, "{} should run on the async worker", hop.name);
    }
    let thread = &hops[from].thread;
    for hop in &hops[from..] {
        assert!(hop.sync, "{} should run on a sync thread", hop.name);
        assert_eq!(
            &hop.thread, thread,
            "{} left the request's sync thread",
            hop.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_async_chain_never_leaves_the_workers() {
    let client = AsyncClient::new(
        App::new()
            .middleware(a1)
            .middleware(a2)
            .route("", async_view),
    );
    for _ in 0..3 {
        let (hops, switches) = trace(&client).await;
        assert_eq!(names(&hops), ["a1", "a2", "view"]);
        assert!(hops.iter().all(|h| !h.sync));
        assert_eq!(switches, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_sync_chain_switches_once_onto_one_thread() {
    let client = AsyncClient::new(
        App::new()
            .middleware(s1)
            .middleware(s2)
            .route("", sync_view),
    );
    let (hops, switches) = trace(&client).await;
    assert_eq!(names(&hops), ["s1", "s2", "view"]);
    sync_from(&hops, 0);
    assert_eq!(switches, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_then_sync_then_async_view() {
    let client = AsyncClient::new(
        App::new()
            .middleware(a1)
            .middleware(s1)
            .route("", async_view),
    );
    let (hops, switches) = trace(&client).await;
    assert_eq!(names(&hops), ["a1", "s1", "view"]);
    sync_from(&hops, 1); // the async view is driven on s1's thread
    assert_eq!(switches, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_async_sync_then_sync_view() {
    let app = App::new()
        .middleware(s1)
        .middleware(a1)
        .middleware(s2)
        .route("", sync_view);
    let client = AsyncClient::new(app);
    let (hops, switches) = trace(&client).await;
    assert_eq!(names(&hops), ["s1", "a1", "s2", "view"]);
    sync_from(&hops, 0);
    assert_eq!(switches, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_middleware_around_an_inline_view() {
    let client = AsyncClient::new(App::new().middleware(s1).route("", inline_view));
    let (hops, switches) = trace(&client).await;
    assert_eq!(names(&hops), ["s1", "view"]);
    sync_from(&hops, 0);
    assert_eq!(switches, 1);

    // Without the sync middleware, the inline view stays on the worker.
    let client = AsyncClient::new(App::new().middleware(a1).route("", inline_view));
    let (hops, switches) = trace(&client).await;
    assert!(hops.iter().all(|h| !h.sync));
    assert_eq!(switches, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_alternating_middleware_and_a_sync_view_switch_exactly_once() {
    let app = App::new()
        .middleware(a1)
        .middleware(s1)
        .middleware(a2)
        .middleware(s2)
        .middleware(a3)
        .middleware(s3)
        .route("", sync_view);
    let client = AsyncClient::new(app);
    for _ in 0..3 {
        let (hops, switches) = trace(&client).await;
        assert_eq!(names(&hops), ["a1", "s1", "a2", "s2", "a3", "s3", "view"]);
        sync_from(&hops, 1);
        assert_eq!(switches, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_block_on_drives_async_parts_inside_async_parts() {
    // sync → async → sync → async → sync → async → async view: the second
    // async part is driven by a `block_on` inside another `block_on`.
    let app = App::new()
        .middleware(s1)
        .middleware(a1)
        .middleware(s2)
        .middleware(a2)
        .middleware(s3)
        .middleware(a3)
        .route("", async_view);
    let client = AsyncClient::new(app);
    let (hops, switches) = trace(&client).await;
    assert_eq!(names(&hops), ["s1", "a1", "s2", "a2", "s3", "a3", "view"]);
    sync_from(&hops, 0);
    assert_eq!(switches, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_middleware_that_awaits_on_the_sync_thread() {
    #[middleware]
    async fn sleeper(mut req: Request, next: Next) -> Response {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await; // pending once: real block_on
        hop(&mut req, "sleeper");
        next.run(req).await
    }
    let app = App::new()
        .middleware(s1)
        .middleware(sleeper)
        .middleware(s2)
        .route("", sync_view);
    let client = AsyncClient::new(app);
    let (hops, switches) = trace(&client).await;
    assert_eq!(names(&hops), ["s1", "sleeper", "s2", "view"]);
    sync_from(&hops, 0);
    assert_eq!(switches, 1);
}

#[middleware]
async fn spawner(mut req: Request, next: Next) -> Response {
    hop(&mut req, "spawner");
    // Moves the rest of the chain to another task, on a worker thread.
    tokio::spawn(next.run(req))
        .await
        .expect("the inner chain completes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_parts_never_block_a_worker_even_when_next_moves_to_another_task() {
    let app = App::new()
        .middleware(s1)
        .middleware(spawner)
        .middleware(s2)
        .route("", sync_view);
    let client = AsyncClient::new(app);
    let (hops, switches) = trace(&client).await;
    assert_eq!(names(&hops), ["s1", "spawner", "s2", "view"]);
    assert!(hops.iter().all(|h| h.sync), "no sync part ran on a worker");
    sync_from(&hops[2..], 0); // s2 and the view: one thread
    assert_ne!(
        hops[0].thread, hops[2].thread,
        "s1's thread is busy waiting"
    );
    assert_eq!(switches, 2, "moving `next` away costs its own switch");
}

thread_local! {
    static TRANSACTION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Opens a "transaction" on its thread for the request's `x-tx` header, and
/// closes it once the inner response is ready.
#[middleware]
fn transaction(req: Request, next: SyncNext) -> Response {
    let tx = req
        .headers()
        .get("x-tx")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    TRANSACTION.with(|t| *t.borrow_mut() = tx);
    let response = next.run(req);
    TRANSACTION.with(|t| t.borrow_mut().take());
    response
}

#[view]
fn in_transaction() -> String {
    TRANSACTION
        .with(|t| t.borrow().clone())
        .unwrap_or_else(|| "none".to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thread_local_set_by_sync_middleware_reaches_the_sync_view_only() {
    let app = App::new()
        .sync_threads(1)
        .middleware(transaction)
        .middleware(a1)
        .route("", in_transaction);
    let client = AsyncClient::new(app);
    let request = |tx: Option<&str>| {
        let mut builder = twain::http::Request::get("/");
        if let Some(tx) = tx {
            builder = builder.header("x-tx", tx);
        }
        builder.body(twain::Body::empty()).unwrap()
    };
    assert_eq!(client.request(request(Some("tx-1"))).await.text(), "tx-1");
    assert_eq!(client.request(request(None)).await.text(), "none");
    assert_eq!(client.request(request(Some("tx-2"))).await.text(), "tx-2");
    assert_eq!(client.switches(), 3);
}

#[view]
fn must_not_run() -> &'static str {
    panic!("a short-circuiting middleware let the request through")
}

#[middleware]
async fn deny_async(req: Request, next: Next) -> Result<Response, Error> {
    if req.headers().contains_key("x-let-in") {
        return Ok(next.run(req).await);
    }
    Err(Error::new(StatusCode::FORBIDDEN, "denied by deny_async"))
}

#[middleware]
fn deny_sync(_req: Request, _next: SyncNext) -> (StatusCode, &'static str) {
    (StatusCode::FORBIDDEN, "denied by deny_sync")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn middleware_can_short_circuit() {
    let client = AsyncClient::new(
        App::new()
            .middleware(deny_async)
            .middleware(s1)
            .route("", must_not_run),
    );
    let response = client.get("/").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text(), "denied by deny_async");
    assert_eq!(
        client.switches(),
        0,
        "an async short-circuit before any sync part costs no switch"
    );

    let client = AsyncClient::new(
        App::new()
            .middleware(a1)
            .middleware(deny_sync)
            .route("", must_not_run),
    );
    let response = client.get("/").await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text(), "denied by deny_sync");
    assert_eq!(client.switches(), 1);
}

#[derive(Clone)]
struct User(&'static str);

#[middleware]
async fn login(mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(User("ada"));
    req.headers_mut()
        .insert("x-rewritten", "by login".parse().unwrap());
    next.run(req).await
}

#[middleware]
fn stamp(mut req: Request, next: SyncNext) -> Response {
    req.extensions_mut().insert(User("grace"));
    let mut response = next.run(req);
    response
        .headers_mut()
        .insert("x-stamped", "sync".parse().unwrap());
    *response.status_mut() = StatusCode::ACCEPTED;
    response
}

#[middleware]
async fn brand(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response
        .headers_mut()
        .insert("x-brand", "twain".parse().unwrap());
    response
}

#[view]
fn whoami(req: &Request) -> String {
    let user = req.extensions().get::<User>().map_or("nobody", |u| u.0);
    let header = req
        .headers()
        .get("x-rewritten")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    format!("{user} ({header})")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn middleware_rewrites_requests_across_the_switch() {
    // Set on the worker by async middleware, read on the sync thread by the view.
    let client = AsyncClient::new(App::new().middleware(login).route("", whoami));
    assert_eq!(client.get("/").await.text(), "ada (by login)");
    assert_eq!(client.switches(), 1);

    // A later (inner) middleware sees, and may replace, what an outer one set.
    let client = AsyncClient::new(
        App::new()
            .middleware(login)
            .middleware(stamp)
            .route("", whoami),
    );
    assert_eq!(client.get("/").await.text(), "grace (by login)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn middleware_rewrites_responses_of_either_mode() {
    let client = AsyncClient::new(
        App::new()
            .middleware(brand)
            .middleware(stamp)
            .route("", async_view),
    );
    let response = client.get("/").await;
    assert_eq!(response.status(), 202);
    assert_eq!(response.header("x-stamped"), Some("sync"));
    assert_eq!(response.header("x-brand"), Some("twain"));
}

#[view]
fn panics() -> &'static str {
    panic!("the view failed on purpose")
}

#[view]
async fn fails() -> Result<String, Error> {
    Err(Error::internal("the async view failed on purpose"))
}

#[middleware]
fn explode(_req: Request, _next: SyncNext) -> Response {
    panic!("the middleware failed on purpose")
}

/// Replaces any 5xx from inside with its own answer, as an error page would.
#[middleware]
fn rescue_sync(req: Request, next: SyncNext) -> Response {
    let response = next.run(req);
    if response.status().is_server_error() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("sync rescued a {}", response.status().as_u16()),
        )
            .into_response();
    }
    response
}

#[middleware]
async fn rescue_async(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.status().is_server_error() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("async rescued a {}", response.status().as_u16()),
        )
            .into_response();
    }
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_reaches_outer_middleware_as_a_500() {
    let cases: Vec<(App, &str)> = vec![
        (
            App::new().middleware(rescue_async).route("", panics),
            "async rescued a 500",
        ),
        (
            App::new().middleware(rescue_sync).route("", panics),
            "sync rescued a 500",
        ),
        (
            App::new()
                .middleware(rescue_sync)
                .middleware(a1)
                .route("", panics),
            "sync rescued a 500",
        ),
        (
            App::new()
                .middleware(rescue_async)
                .middleware(s1)
                .route("", fails),
            "async rescued a 500",
        ),
        (
            App::new()
                .middleware(rescue_async)
                .middleware(explode)
                .route("", sync_view),
            "async rescued a 500",
        ),
        (
            App::new()
                .middleware(rescue_sync)
                .middleware(a1)
                .middleware(explode)
                .route("", sync_view),
            "sync rescued a 500",
        ),
    ];
    for (app, expected) in cases {
        let client = AsyncClient::new(app);
        let response = client.get("/").await;
        assert_eq!(response.status(), 503);
        assert_eq!(response.text(), expected);
    }
    // Unhandled, a panic is a plain 500 and the app goes on serving.
    let client = AsyncClient::new(
        App::new()
            .middleware(s1)
            .route("", panics)
            .route("ok/", sync_view),
    );
    assert_eq!(client.get("/").await.status(), 500);
    assert_eq!(client.get("/ok/").await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_and_method_not_allowed_pass_through_middleware() {
    let client = AsyncClient::new(
        App::new()
            .middleware(brand)
            .middleware(stamp)
            .route("only-get/", get(sync_view)),
    );
    let response = client.get("/missing/").await;
    assert_eq!(response.status(), 202, "stamp rewrites the 404's status");
    assert_eq!(response.header("x-brand"), Some("twain"));

    let response = client.post("/only-get/", "text/plain", "x").await;
    assert_eq!(response.status(), 202, "stamp rewrites the 405's status");
    assert_eq!(response.header("allow"), Some("GET, HEAD"));
    assert_eq!(response.header("x-brand"), Some("twain"));

    let client = AsyncClient::new(App::new().middleware(brand).route("", sync_view));
    let response = client.get("/missing/").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.header("x-brand"), Some("twain"));
    assert_eq!(
        client.switches(),
        0,
        "a 404 behind async middleware never leaves the worker"
    );
}

struct Greeting {
    text: &'static str,
}

#[middleware]
fn greet_sync(mut req: Request, greeting: State<Greeting>, next: SyncNext) -> Response {
    req.headers_mut()
        .insert("x-greeting", greeting.text.parse().unwrap());
    next.run(req)
}

#[middleware]
async fn greet_async(
    req: Request,
    method: twain::Method,
    greeting: State<Greeting>,
    next: Next,
) -> Response {
    let mut response = next.run(req).await;
    let value = format!("{} {method}", greeting.text);
    response
        .headers_mut()
        .insert("x-greeting", value.parse().unwrap());
    response
}

#[view]
fn greeting_header(req: &Request) -> String {
    req.headers()
        .get("x-greeting")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn middleware_takes_extra_arguments_from_app_state() {
    let app = App::new()
        .state(Greeting { text: "hello" })
        .middleware(greet_async)
        .middleware(greet_sync)
        .route("", greeting_header);
    let client = AsyncClient::new(app);
    let response = client.get("/").await;
    assert_eq!(response.text(), "hello");
    assert_eq!(response.header("x-greeting"), Some("hello GET"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_state_for_a_middleware_is_a_500_not_a_panic() {
    let client = AsyncClient::new(App::new().middleware(greet_sync).route("", greeting_header));
    assert_eq!(client.get("/").await.status(), 500);
}

#[test]
fn a_middleware_taking_a_route_parameter_is_refused_at_build() {
    #[middleware]
    async fn by_year(req: Request, year: u32, next: Next) -> Response {
        let _ = year;
        next.run(req).await
    }
    let Err(error) = twain::test::Client::try_new(
        App::new()
            .middleware(by_year)
            .route("<int:year>/", sync_view),
    ) else {
        panic!("the app should not build");
    };
    let message = error.to_string();
    assert!(
        message.contains("middleware `by_year` takes `year` as a route parameter"),
        "{message}"
    );
}

#[test]
fn the_functions_stay_callable() {
    let req = Request::from_http(twain::http::Request::new(String::new()));
    assert_eq!(whoami(&req), "nobody (-)");
}
