use twain::prelude::*;

#[middleware]
async fn audit(req: Request, next: Next) -> Response {
    let log = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    std::thread::sleep(std::time::Duration::from_millis(1));
    let mut response = next.run(req).await;
    response.headers_mut().insert("x-host", log.trim().parse().unwrap());
    response
}

fn main() {}
