//! The CSV export of every article, streamed from the database as it is
//! read (`Db::stream`): memory stays small however many rows there are.

use twain::db::time::OffsetDateTime;
use twain::db::{Db, DbError, FromRow};
use twain::futures::{StreamExt, stream};
use twain::prelude::*;
use twain::{ByteStream, http};

#[derive(FromRow)]
pub struct Row {
    id: i64,
    title: String,
    author: String,
    created_at: OffsetDateTime,
    comments: i64,
}

/// Async: it streams, while a sync thread reads the rows in batches.
#[view]
pub async fn articles_csv(db: Db) -> Response {
    let rows = db.stream::<Row>(
        "SELECT a.id, a.title, u.username AS author, a.created_at, \
         (SELECT count(*) FROM comments c WHERE c.article_id = a.id) AS comments \
         FROM articles a JOIN users u ON u.id = a.author_id ORDER BY a.id",
        (),
    );
    let header = stream::once(async {
        Ok::<_, DbError>("id,title,author,created_at,comments\n".to_owned())
    });
    let lines = header.chain(rows.map(|row| row.map(|row| csv_line(&row))));
    let mut response = ByteStream(lines.map(|line| line.map_err(|err| err.to_string())))
        .content_type("text/csv; charset=utf-8")
        .into_response();
    response.headers_mut().insert(
        http::header::CONTENT_DISPOSITION,
        http::HeaderValue::from_static("attachment; filename=\"articles.csv\""),
    );
    response
}

fn csv_line(row: &Row) -> String {
    format!(
        "{},{},{},{},{}\n",
        row.id,
        csv_field(&row.title),
        csv_field(&row.author),
        crate::models::rfc3339(row.created_at),
        row.comments
    )
}

/// A field quoted as RFC 4180 says when it holds a comma, quote or newline.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
