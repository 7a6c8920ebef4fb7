//! The tables (every `CREATE` of the app is here) and the first rows.
//!
//! The DDL is SQLite's; the queries in the rest of the app are plain SQL that
//! PostgreSQL runs too (numbered `?1` parameters, `RETURNING id`, times as
//! INTEGER unix seconds computed in Rust, 64-bit ids).

use twain::db::rusqlite::{self, Transaction};
use twain::db::{M, Migrations};
use twain::web::password;

use crate::models::{now, random_token};

/// The demo account the seed creates (printed at start-up).
pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSWORD: &str = "twain-demo";

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                api_token TEXT NOT NULL UNIQUE
            );
            CREATE TABLE articles (
                id INTEGER PRIMARY KEY,
                author_id INTEGER NOT NULL REFERENCES users (id),
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                image TEXT,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE comments (
                id INTEGER PRIMARY KEY,
                article_id INTEGER NOT NULL REFERENCES articles (id),
                author TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX comments_by_article ON comments (article_id, id);",
        ),
        // A data migration: runs once, on a new (so empty) database.
        M::up_with_hook("", |tx: &Transaction| Ok(seed(tx)?)),
    ])
}

/// A user, three articles and a few comments, so every page has something
/// to show on the first run.
fn seed(tx: &Transaction) -> rusqlite::Result<()> {
    let hash = password::hash(DEMO_PASSWORD);
    let token = random_token();
    let user: i64 = tx.query_row(
        "INSERT INTO users (username, password_hash, api_token) VALUES (?1, ?2, ?3) RETURNING id",
        (DEMO_USER, &hash, &token),
        |row| row.get(0),
    )?;
    let start = now() - 3 * 86_400;
    let articles = [
        (
            "Hello, twain",
            "This blog is the example app of twain. Every page you see is a view: \
             a plain fn when it talks to the database, an async fn when it waits or streams.",
        ),
        (
            "Sync views on purpose",
            "Database work blocks, so it runs on a sync thread with a Conn. \
             The async workers stay free for the event feed and file downloads.",
        ),
        (
            "Live comments",
            "Open this article in two windows and post a comment in one: \
             it shows up in the other through server-sent events.",
        ),
    ];
    for (n, (title, body)) in articles.iter().enumerate() {
        let at = start + n as i64 * 86_400;
        let article: i64 = tx.query_row(
            "INSERT INTO articles (author_id, title, body, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
            (user, title, body, at),
            |row| row.get(0),
        )?;
        tx.execute(
            "INSERT INTO comments (article_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4)",
            (article, "ada", "Nice one.", at + 3_600),
        )?;
    }
    Ok(())
}
