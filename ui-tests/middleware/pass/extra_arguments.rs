// Extra arguments before `next` are extractors: state, headers, the method;
// a sync middleware may also take the `Blocking` capability.
use twain::prelude::*;

struct Config {
    banner: &'static str,
}

#[middleware]
fn banner_sync(req: Request, cfg: State<Config>, cx: Blocking, next: SyncNext) -> Response {
    let _ = (cfg.banner, cx);
    next.run(req)
}

#[middleware]
async fn banner_async(
    req: Request,
    cfg: State<Config>,
    headers: twain::HeaderMap,
    method: twain::Method,
    next: Next,
) -> Response {
    let _ = (cfg.banner, headers, method);
    next.run(req).await
}

#[view]
fn index() -> &'static str {
    "hello"
}

fn main() {
    let _app = App::new()
        .state(Config { banner: "hi" })
        .middleware(banner_sync)
        .middleware(banner_async)
        .route("", index);
}
