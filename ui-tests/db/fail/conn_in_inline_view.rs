use twain::db::Conn;
use twain::prelude::*;

#[view(inline)]
fn quick(conn: Conn) -> String {
    format!("{:?}", conn)
}

fn main() {}
