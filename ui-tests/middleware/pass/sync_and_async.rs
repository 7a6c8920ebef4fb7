// The two plain forms: a sync middleware takes `SyncNext`, an async one `Next`.
use twain::prelude::*;

#[middleware]
fn timing(req: Request, next: SyncNext) -> Response {
    let started = std::time::Instant::now();
    let response = next.run(req);
    let _elapsed = started.elapsed();
    response
}

#[middleware]
async fn auth(req: Request, next: Next) -> Response {
    next.run(req).await
}

#[view]
fn index() -> &'static str {
    "hello"
}

fn main() {
    let _app = App::new().middleware(timing).middleware(auth).route("", index);
}
