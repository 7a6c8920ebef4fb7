use twain::db::Db;
use twain::prelude::*;

#[task(atomic)]
async fn refresh(db: Db, id: i64) -> i64 {
    let _ = db;
    id
}

fn main() {}
