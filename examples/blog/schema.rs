//! The tables (every `CREATE` of the app is here), in SQLite's dialect and
//! in PostgreSQL's side by side, and the first rows.
//!
//! Only the DDL differs (`INTEGER PRIMARY KEY` against `BIGSERIAL`/`BIGINT`);
//! the queries in the rest of the app are plain SQL both run (numbered `?1`
//! parameters, `RETURNING id`, times as INTEGER unix seconds computed in
//! Rust, 64-bit ids).

use twain::db::rusqlite::Transaction;
use twain::db::{M, Migrations};
use twain::web::password;

use crate::models::{now, random_token};

/// The demo account the seed creates (printed at start-up).
pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSWORD: &str = "twain-demo";

const SQLITE_TABLES: &str = "
    CREATE TABLE users (
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
    CREATE INDEX comments_by_article ON comments (article_id, id);";

const POSTGRES_TABLES: &str = "
    CREATE TABLE users (
        id BIGSERIAL PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        api_token TEXT NOT NULL UNIQUE
    );
    CREATE TABLE articles (
        id BIGSERIAL PRIMARY KEY,
        author_id BIGINT NOT NULL REFERENCES users (id),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        image TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    CREATE TABLE comments (
        id BIGSERIAL PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles (id),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE INDEX comments_by_article ON comments (article_id, id);";

/// SQLite's migrations: the tables, then the first rows. The seed is a data
/// migration, so it runs once, on a new (so empty) database; as a hook, its
/// password hash is only computed then.
pub fn sqlite_migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(SQLITE_TABLES),
        M::up_with_hook("", |tx: &Transaction| Ok(tx.execute_batch(&seed())?)),
    ])
}

/// PostgreSQL's migrations, the same two steps. twain runs them under a lock
/// in one transaction, so when several processes start at once on a new
/// database, one of them creates the tables and the first rows and the
/// others find them there.
pub fn postgres_migrations() -> [String; 2] {
    [POSTGRES_TABLES.to_owned(), seed()]
}

/// A user, three articles and a comment on each, so every page has something
/// to show on the first run: plain SQL both databases run.
fn seed() -> String {
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
    let rows: Vec<String> = articles
        .iter()
        .enumerate()
        .map(|(n, (title, body))| {
            let at = start + n as i64 * 86_400;
            format!(
                "((SELECT id FROM users WHERE username = {user}), {}, {}, {at}, {at})",
                quote(title),
                quote(body),
                user = quote(DEMO_USER),
            )
        })
        .collect();
    format!(
        "INSERT INTO users (username, password_hash, api_token) VALUES ({}, {}, {});
         INSERT INTO articles (author_id, title, body, created_at, updated_at) VALUES {};
         INSERT INTO comments (article_id, author, body, created_at)
             SELECT id, 'ada', 'Nice one.', created_at + 3600 FROM articles ORDER BY id;",
        quote(DEMO_USER),
        quote(&password::hash(DEMO_PASSWORD)),
        quote(&random_token()),
        rows.join(", "),
    )
}

/// `text` as an SQL string literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
