use twain::db::{Db, DbError};
use twain::prelude::*;

#[view]
async fn smuggle(db: Db) -> Result<String, DbError> {
    let conn = db.run(|conn| Ok::<_, DbError>(conn)).await?;
    Ok(format!("{:?}", conn))
}

fn main() {}
