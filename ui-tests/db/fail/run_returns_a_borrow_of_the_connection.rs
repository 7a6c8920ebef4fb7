use twain::db::{Db, DbError};
use twain::prelude::*;

#[view]
async fn smuggle(db: Db) -> Result<String, DbError> {
    // `Connection` through Deref: still borrowed from the closure's argument.
    let raw: &twain::db::rusqlite::Connection = db.run(|conn| Ok::<_, DbError>(&**conn)).await?;
    Ok(format!("{:?}", raw.is_autocommit()))
}

fn main() {}
