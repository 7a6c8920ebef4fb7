use twain::db::{Conn, DbError};
use twain::prelude::*;

#[view]
async fn count(conn: Conn) -> Result<String, DbError> {
    let (n,): (i64,) = conn.query_one("SELECT count(*) FROM notes", ())?;
    Ok(n.to_string())
}

fn main() {}
