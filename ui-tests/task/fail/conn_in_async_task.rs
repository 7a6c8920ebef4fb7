use twain::db::Conn;
use twain::prelude::*;

#[task]
async fn refresh(conn: Conn, id: i64) -> i64 {
    let _ = conn;
    id
}

fn main() {}
