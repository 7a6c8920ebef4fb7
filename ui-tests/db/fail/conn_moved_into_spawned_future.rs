use twain::db::Conn;
use twain::prelude::*;

#[view]
fn later(conn: Conn) -> &'static str {
    tokio::spawn(async move {
        let _ = conn.execute("DELETE FROM log", ());
    });
    "spawned"
}

fn main() {}
