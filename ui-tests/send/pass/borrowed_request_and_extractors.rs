use twain::prelude::*;

#[view]
async fn show(req: &Request, year: u32) -> String {
    tokio::task::yield_now().await;
    format!("{} {year}", req.path())
}

fn main() {
    let client = twain::test::Client::new(App::new().route("y/<int:year>/", show));
    assert_eq!(client.get("/y/2024/").text(), "/y/2024/ 2024");
}
