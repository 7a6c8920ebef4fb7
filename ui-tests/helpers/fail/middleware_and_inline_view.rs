use twain::prelude::*;

fn audit(line: &str) {
    std::fs::write("audit.log", line).ok();
}

#[middleware]
async fn audited(req: Request, next: Next) -> Response {
    audit(req.uri().path());
    next.run(req).await
}

#[view(inline)]
fn ping() -> &'static str {
    audit("ping");
    "pong"
}

fn main() {
    let _ = (audited, ping);
}
