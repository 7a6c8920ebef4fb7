//! Blocking is fine in a sync middleware, inside `sync_to_async` in an async
//! one, and anywhere with `#[middleware(allow_blocking)]`.
use twain::prelude::*;

#[middleware]
fn sync_audit(req: Request, next: SyncNext) -> Response {
    let _ = std::fs::read_to_string("/etc/hostname");
    next.run(req)
}

#[middleware]
async fn async_audit(req: Request, next: Next) -> Response {
    let _ = twain::sync_to_async(|_cx| std::fs::read_to_string("/etc/hostname")).await;
    next.run(req).await
}

#[middleware(allow_blocking)]
async fn opted_out(req: Request, next: Next) -> Response {
    std::thread::sleep(std::time::Duration::from_millis(1));
    next.run(req).await
}

#[view]
fn index() -> &'static str {
    "ok"
}

fn main() {
    let _ = App::new()
        .middleware(sync_audit)
        .middleware(async_audit)
        .middleware(opted_out)
        .route("", index);
}
