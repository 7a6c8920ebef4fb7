use twain::prelude::*;

#[middleware(inline, fast)]
fn tagged(req: Request, next: SyncNext) -> Response {
    next.run(req)
}

fn main() {}
