//! Every async signature form #[view] accepts: `async fn`, a `fn` returning
//! `impl Future`, borrowed requests across `.await`, fallible results.
use std::future::Future;

use twain::prelude::*;

#[view]
async fn plain() -> &'static str {
    "hi"
}

#[view]
async fn borrows_across_await(req: &Request, year: u32) -> String {
    tokio::task::yield_now().await;
    format!("{} {year}", req.path())
}

#[view]
async fn owned(mut req: Request) -> Result<String, Error> {
    let body = req.read_body().await?;
    Ok(format!("{} bytes", body.len()))
}

#[view]
fn returns_future(n: u8) -> impl Future<Output = String> + Send {
    async move { n.to_string() }
}

#[view]
async fn opaque(slug: String) -> impl IntoResponse {
    Html(slug)
}

#[view]
async fn json(Json(v): Json<Vec<u8>>) -> Json<usize> {
    Json(v.len())
}

fn main() {
    let _ = App::new()
        .route("", plain)
        .route("a/<int:year>/", borrows_across_await)
        .route("b/", owned)
        .route("c/<int:n>/", returns_future)
        .route("d/<slug:slug>/", opaque)
        .route("e/", post(json));
}
