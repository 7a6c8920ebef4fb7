use twain::prelude::*;

#[middleware]
fn sync_without_next(req: Request) -> Response {
    let _ = req;
    StatusCode::OK.into_response()
}

#[middleware]
async fn async_without_next(req: Request) -> Response {
    let _ = req;
    StatusCode::OK.into_response()
}

fn main() {}
