//! The name of a view still calls the function, with its own types.
use std::future::Future;
use std::pin::Pin;

use twain::prelude::*;

#[view]
fn sync_view(req: &Request, n: u32) -> String {
    format!("{} {n}", req.method())
}

#[view]
async fn async_view(req: &Request, n: u32) -> String {
    format!("{} {n}", req.method())
}

#[view]
async fn async_owned(n: u32) -> String {
    (n + 1).to_string()
}

fn main() {
    let req = Request::from_http(twain::http::Request::new(String::new()));
    let s: String = sync_view(&req, 1);
    assert_eq!(s, "GET 1");
    let fut: Pin<Box<dyn Future<Output = String> + Send + '_>> = async_view(&req, 2);
    let owned: Pin<Box<dyn Future<Output = String> + Send>> = async_owned(3);
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    assert_eq!(rt.block_on(fut), "GET 2");
    assert_eq!(rt.block_on(owned), "4");
}
