// The async twin of `conn.iter`: `db.stream`, as a `Stream`, into a response.
use futures_util::StreamExt;
use twain::db::{Db, FromRow};
use twain::prelude::*;
use twain::ByteStream;

#[derive(FromRow)]
struct Row {
    id: i64,
    title: String,
}

#[view]
async fn export(db: Db) -> impl IntoResponse {
    let rows = db.stream::<Row>("SELECT id, title FROM articles WHERE id > ?1", (0,));
    ByteStream(rows.map(|row| {
        row.map(|r| format!("{},{}\n", r.id, r.title))
            .map_err(|e| e.to_string())
    }))
}

#[view]
async fn count(db: Db) -> Result<String, twain::db::DbError> {
    let mut n = 0;
    let mut rows = db.stream::<(i64,)>(String::from("SELECT id FROM articles"), ());
    while let Some(row) = rows.next().await {
        n += row?.0;
    }
    Ok(n.to_string())
}

fn main() {
    let _app = App::new().route("export/", export).route("count/", count);
}
