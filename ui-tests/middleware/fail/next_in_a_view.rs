use twain::prelude::*;

#[view]
fn confused(req: Request, next: SyncNext) -> Response {
    next.run(req)
}

fn main() {}
