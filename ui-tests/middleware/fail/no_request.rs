use twain::prelude::*;

#[middleware]
fn borrows(req: &Request, next: SyncNext) -> Response {
    let _ = (req, next);
    StatusCode::OK.into_response()
}

#[middleware]
async fn forgets(next: Next) -> Response {
    let _ = next;
    StatusCode::OK.into_response()
}

fn main() {}
