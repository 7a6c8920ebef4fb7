// The async queries on `Db` (no thread switch on PostgreSQL, one on SQLite):
// accepted in async views and middleware, with the same row types and
// parameters as `Conn`, and spawnable (their futures are `Send + 'static`).
use twain::db::{Db, DbError, FromRow};
use twain::prelude::*;

#[derive(FromRow)]
struct Article {
    id: i64,
    title: String,
}

#[view]
async fn article(db: Db, id: i64) -> Result<String, DbError> {
    let a: Article = db
        .query_one("SELECT id, title FROM articles WHERE id = ?1", (id,))
        .await?;
    let maybe = db.get::<(String,)>("SELECT title FROM articles WHERE id = $1", (id,)).await?;
    let all = db.all::<Article>("SELECT id, title FROM articles", ()).await?;
    Ok(format!("{} {} {:?} {}", a.id, a.title, maybe.map(|t| t.0), all.len()))
}

#[middleware]
async fn count_hits(req: Request, db: Db, next: Next) -> Result<Response, DbError> {
    let title = String::from("hits");
    db.execute("UPDATE counters SET n = n + 1 WHERE name = ?1", (&title,)).await?;
    // Spawned: the query's future owns everything it needs.
    let later = tokio::spawn(db.execute("DELETE FROM log", ()));
    drop(later);
    Ok(next.run(req).await)
}

fn main() {}
