// An async view cannot reach a `Conn` through `sync_to_async` either: the
// closure's result must be `Send`, and `Conn` is not.
use twain::db::Db;
use twain::prelude::*;

#[view]
async fn sneaky(db: Db) -> Result<String, Error> {
    let conn = twain::sync_to_async(move |cx| db.conn(cx)).await??;
    Ok(format!("{:?}", conn))
}

fn main() {}
