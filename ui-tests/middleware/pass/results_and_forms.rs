// What a middleware may return (anything `IntoResponse`, `Result` included),
// the `impl Future` form of an async middleware, `allow_blocking`, and the
// functions staying callable by name.
use std::future::Future;

use twain::prelude::*;

#[middleware]
fn members_only(req: Request, next: SyncNext) -> Result<Response, Error> {
    if req.headers().contains_key("authorization") {
        Ok(next.run(req))
    } else {
        Err(Error::new(StatusCode::UNAUTHORIZED, "log in first"))
    }
}

#[middleware]
async fn maintenance(_req: Request, _next: Next) -> (StatusCode, &'static str) {
    (StatusCode::SERVICE_UNAVAILABLE, "back soon")
}

#[middleware]
fn as_future(req: Request, next: Next) -> impl Future<Output = Response> + Send {
    next.run(req)
}

#[middleware(allow_blocking)]
async fn allowed(req: Request, next: Next) -> Response {
    next.run(req).await
}

/// Documented middleware keep their docs.
#[middleware]
pub async fn public(req: Request, next: Next) -> Response {
    next.run(req).await
}

#[view]
fn index() -> &'static str {
    "hello"
}

fn main() {
    let _app = App::new()
        .middleware(members_only)
        .middleware(maintenance)
        .middleware(as_future)
        .middleware(allowed)
        .middleware(public)
        .route("", index);
    // Still callable as written (through `Deref`):
    let _call: fn(Request, SyncNext) -> Result<Response, Error> = *members_only;
}
