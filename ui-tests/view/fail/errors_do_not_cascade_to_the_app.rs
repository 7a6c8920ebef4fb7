//! A view or middleware with an error still names a view or middleware, so the
//! `App` that uses it reports nothing more: one mistake, one error.
use twain::prelude::*;

#[view]
async fn slow() -> &'static str {
    std::thread::sleep(std::time::Duration::from_millis(10));
    "done"
}

#[middleware]
fn timing(req: Request, next: Next) -> Response {
    next.run(req)
}

fn main() {
    let _ = App::new().middleware(timing).route("slow/", get(slow));
}
