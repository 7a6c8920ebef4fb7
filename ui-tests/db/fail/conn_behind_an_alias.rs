// The macro reads types as written; behind an alias, `Conn` is still refused
// by the type system: it is not `Send`, so no async extractor.
use twain::prelude::*;

type Connection = twain::db::Conn;

#[view]
async fn count(conn: Connection) -> String {
    format!("{:?}", conn)
}

fn main() {}
