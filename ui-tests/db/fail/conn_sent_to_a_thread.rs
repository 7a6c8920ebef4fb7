use twain::db::Conn;
use twain::prelude::*;

#[view]
fn elsewhere(conn: Conn) -> &'static str {
    std::thread::spawn(move || {
        let _ = conn.execute("DELETE FROM log", ());
    });
    "sent"
}

fn main() {}
