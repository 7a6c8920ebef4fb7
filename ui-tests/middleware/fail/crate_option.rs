// `crate` on #[middleware]: a string holding a path, given once.
extern crate twain as tw;

use tw::{Request, Response, SyncNext};

#[tw::middleware(crate = tw)]
fn not_a_string(req: Request, next: SyncNext) -> Response {
    next.run(req)
}

#[tw::middleware(crate = "tw", crate = "tw")]
fn twice(req: Request, next: SyncNext) -> Response {
    next.run(req)
}

fn main() {}
