use twain::prelude::*;

fn plain(req: Request, next: SyncNext) -> Response {
    next.run(req)
}

#[view]
fn index() -> &'static str {
    "hello"
}

fn main() {
    let _app = App::new().middleware(plain).route("", index);
}
