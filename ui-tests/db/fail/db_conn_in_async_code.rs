// `db.conn(cx)` needs the `Blocking` capability, which async code has not.
use twain::db::Db;
use twain::prelude::*;

#[view]
async fn direct(db: Db, req: Request) -> Result<String, Error> {
    let conn = db.conn(&req)?;
    Ok(format!("{:?}", conn))
}

fn main() {}
