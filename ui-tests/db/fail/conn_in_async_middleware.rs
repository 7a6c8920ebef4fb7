use twain::prelude::*;

#[middleware]
async fn audit(req: Request, conn: twain::db::Conn, next: Next) -> Response {
    let _ = conn.execute("INSERT INTO log DEFAULT VALUES", ());
    next.run(req).await
}

fn main() {}
