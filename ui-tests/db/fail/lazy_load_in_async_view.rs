use twain::db::{Db, DbError, ForeignKey, FromRow};
use twain::prelude::*;

#[derive(FromRow)]
#[row(table = "authors")]
struct Author {
    id: i64,
    name: String,
}

#[derive(FromRow)]
struct Article {
    title: String,
    author_id: ForeignKey<Author>,
}

#[view]
async fn byline(db: Db, id: i64) -> Result<String, DbError> {
    let article: Article = db
        .run(move |conn| conn.query_one("SELECT title, author_id FROM articles WHERE id = ?1", (id,)))
        .await?;
    let author = article.author_id.load(&db)?;
    Ok(format!("{} by {}", article.title, author.name))
}

fn main() {}
