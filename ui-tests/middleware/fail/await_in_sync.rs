use twain::prelude::*;

#[middleware]
fn awaits(req: Request, next: SyncNext) -> Response {
    next.run(req).await
}

fn main() {}
