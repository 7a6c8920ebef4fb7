use twain::db::{Db, DbError};
use twain::prelude::*;

#[view]
async fn smuggle(db: Db) -> Result<String, DbError> {
    // The driver's `Connection`: still borrowed from the closure's argument.
    let raw: &twain::db::rusqlite::Connection =
        db.run(|conn| Ok::<_, DbError>(conn.sqlite().unwrap())).await?;
    Ok(format!("{:?}", raw.is_autocommit()))
}

fn main() {}
