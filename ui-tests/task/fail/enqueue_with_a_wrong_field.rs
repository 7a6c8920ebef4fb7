use twain::db::{Conn, DbError};
use twain::prelude::*;

#[task]
fn thumbnail(article: i64, width: u32) -> u32 {
    let _ = article;
    width
}

fn enqueue(conn: &Conn) -> Result<(), DbError> {
    thumbnail { article: 1, width: "wide" }.enqueue(conn)?;
    Ok(())
}

fn main() {}
