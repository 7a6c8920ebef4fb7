use twain::prelude::*;

#[middleware]
fn sync_with_next(req: Request, next: Next) -> Response {
    next.run(req)
}

#[middleware]
async fn async_with_sync_next(req: Request, next: SyncNext) -> Response {
    next.run(req)
}

fn main() {}
