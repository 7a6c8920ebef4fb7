use twain::db::{Db, DbError};
use twain::prelude::*;

#[view]
async fn smuggle(db: Db) -> Result<&'static str, DbError> {
    let stmt = db
        .run(|conn| Ok::<_, DbError>(conn.sqlite().unwrap().prepare("SELECT 1")?))
        .await?;
    drop(stmt);
    Ok("prepared")
}

fn main() {}
