//! Every sync signature form #[view] accepts.
use std::sync::atomic::AtomicU64;

use twain::prelude::*;
use twain::{Blocking, HeaderMap};

#[view]
fn no_args() -> &'static str {
    "hi"
}

#[view]
fn borrowed_request(req: &Request) -> String {
    req.path().to_owned()
}

#[view]
fn owned_request(mut req: Request) -> String {
    req.headers_mut().clear();
    req.path().to_owned()
}

#[view]
fn route_params(year: u32, slug: String, id: twain::http::Uri) -> String {
    format!("{year} {slug} {id}")
}

#[view]
fn extractors(
    _req: &Request,
    q: Query<std::collections::HashMap<String, String>>,
    hits: State<AtomicU64>,
    headers: HeaderMap,
) -> String {
    format!("{} {:?} {}", q.0.len(), hits.0, headers.len())
}

#[view]
fn with_capability(cx: Blocking, n: u64) -> String {
    let _ = cx;
    n.to_string()
}

#[view]
fn unit_result() {}

#[view]
fn status_and_body() -> (StatusCode, &'static str) {
    (StatusCode::CREATED, "made")
}

#[view]
fn fallible(n: i64) -> Result<Json<i64>, Error> {
    if n < 0 {
        return Err(Error::bad_request("negative"));
    }
    Ok(Json(n))
}

#[view]
fn opaque() -> impl IntoResponse {
    Html("<p>hi</p>")
}

#[view(inline)]
fn cheap() -> &'static str {
    "inline"
}

/// Doc comments and other attributes stay on the view.
#[view]
#[allow(clippy::needless_return)]
pub fn documented() -> String {
    return String::from("doc");
}

fn main() {
    let _ = App::new()
        .route("", no_args)
        .route("a/", borrowed_request)
        .route("b/", owned_request)
        .route("c/<int:year>/<slug:slug>/<str:id>/", route_params)
        .route("d/", extractors)
        .route("e/<int:n>/", with_capability)
        .route("f/", unit_result)
        .route("g/", status_and_body)
        .route("h/<int:n>/", fallible)
        .route("i/", opaque)
        .route("j/", get(cheap).post(documented));
}
