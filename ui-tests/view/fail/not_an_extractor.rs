use twain::prelude::*;

struct Database;

#[view]
fn index(db: Database) -> &'static str {
    let _ = db;
    "hi"
}

fn main() {}
