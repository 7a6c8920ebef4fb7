//! The rows the app reads, and the queries more than one view shares. Each
//! struct maps a query's columns by name (`#[derive(FromRow)]`).

use serde::{Serialize, Serializer};
use twain::db::time::OffsetDateTime;
use twain::db::{Conn, DbError, ForeignKey, FromRow};

#[derive(FromRow)]
#[row(table = "users")]
pub struct User {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub api_token: String,
}

/// An article as stored; its author is a lazy relation.
#[derive(FromRow)]
#[row(table = "articles")]
pub struct Article {
    pub id: i64,
    pub author_id: ForeignKey<User>,
    pub title: String,
    pub body: String,
    pub image: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// A line of the front page and of the API's list: an article joined with
/// its author's name and its number of comments.
#[derive(FromRow, Serialize)]
pub struct Summary {
    pub id: i64,
    pub title: String,
    pub author: String,
    pub comments: i64,
    #[serde(serialize_with = "as_rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(FromRow, Serialize, Clone)]
pub struct Comment {
    pub id: i64,
    pub article_id: i64,
    pub author: String,
    pub body: String,
    #[serde(serialize_with = "as_rfc3339")]
    pub created_at: OffsetDateTime,
}

pub const SUMMARIES: &str = "SELECT a.id, a.title, u.username AS author, a.created_at, \
     (SELECT count(*) FROM comments c WHERE c.article_id = a.id) AS comments \
     FROM articles a JOIN users u ON u.id = a.author_id \
     ORDER BY a.created_at DESC, a.id DESC";

pub fn article(conn: &Conn, id: i64) -> Result<Article, DbError> {
    conn.query_one(
        "SELECT id, author_id, title, body, image, created_at, updated_at FROM articles WHERE id = ?1",
        (id,),
    )
}

pub fn comments(conn: &Conn, article_id: i64) -> Result<Vec<Comment>, DbError> {
    conn.all(
        "SELECT id, article_id, author, body, created_at FROM comments WHERE article_id = ?1 ORDER BY id",
        (article_id,),
    )
}

/// Inserts an article and returns its id.
pub fn insert_article(conn: &Conn, author: i64, title: &str, body: &str) -> Result<i64, DbError> {
    let at = now();
    let (id,): (i64,) = conn.query_one(
        "INSERT INTO articles (author_id, title, body, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
        (author, title, body, at),
    )?;
    Ok(id)
}

/// The time now (the tables store timestamps: `timestamptz` on
/// PostgreSQL, UTC text on SQLite).
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// The time now in unix seconds, for the seed: the tables of the first two
/// migrations stored times so (the third converts them).
pub fn unix_now() -> i64 {
    now().unix_timestamp()
}

/// A time as `2026-12-01 14:05 UTC`, for pages.
pub fn display_time(at: OffsetDateTime) -> String {
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

/// A time as RFC 3339 in UTC (`2026-12-01T14:05:09.123456Z`), for the API
/// and the CSV export.
pub fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(twain::db::time::UtcOffset::UTC);
    let fraction = match at.microsecond() {
        0 => String::new(),
        micros => format!(".{micros:06}"),
    };
    format!(
        "{}T{:02}:{:02}:{:02}{fraction}Z",
        at.date(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn as_rfc3339<S: Serializer>(at: &OffsetDateTime, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(&rfc3339(*at))
}

/// 32 random hex digits: an API token.
pub fn random_token() -> String {
    let key = twain::web::Key::generate();
    key.master()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
