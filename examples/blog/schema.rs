//! The tables (every `CREATE` of the app is here), in SQLite's dialect and
//! in PostgreSQL's side by side, and the first rows.
//!
//! Only the DDL differs (`INTEGER PRIMARY KEY` against `BIGSERIAL`/`BIGINT`);
//! the queries in the rest of the app are plain SQL both run (numbered `?1`
//! parameters, `RETURNING id`, 64-bit ids, times bound as `OffsetDateTime`).
//! The first tables stored times as unix seconds; the third migration turns
//! them into timestamps (`timestamptz`; twain's UTC text on SQLite),
//! keeping every row.

use twain::db::rusqlite::Transaction;
use twain::db::{M, Migrations};
use twain::web::password;

use crate::models::{random_token, unix_now};

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

/// Unix seconds to timestamps. SQLite cannot change a column's type: each
/// gets a new column, filled from the old one in twain's layout
/// (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC), which then takes the old name.
const SQLITE_TIMESTAMPS: &str = "
    ALTER TABLE articles ADD COLUMN created TIMESTAMP NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN updated TIMESTAMP NOT NULL DEFAULT '';
    UPDATE articles SET
        created = strftime('%Y-%m-%d %H:%M:%S.000000', created_at, 'unixepoch'),
        updated = strftime('%Y-%m-%d %H:%M:%S.000000', updated_at, 'unixepoch');
    ALTER TABLE articles DROP COLUMN created_at;
    ALTER TABLE articles DROP COLUMN updated_at;
    ALTER TABLE articles RENAME COLUMN created TO created_at;
    ALTER TABLE articles RENAME COLUMN updated TO updated_at;
    ALTER TABLE comments ADD COLUMN created TIMESTAMP NOT NULL DEFAULT '';
    UPDATE comments SET created = strftime('%Y-%m-%d %H:%M:%S.000000', created_at, 'unixepoch');
    ALTER TABLE comments DROP COLUMN created_at;
    ALTER TABLE comments RENAME COLUMN created TO created_at;";

const POSTGRES_TIMESTAMPS: &str = "
    ALTER TABLE articles
        ALTER COLUMN created_at TYPE timestamptz USING to_timestamp(created_at),
        ALTER COLUMN updated_at TYPE timestamptz USING to_timestamp(updated_at);
    ALTER TABLE comments
        ALTER COLUMN created_at TYPE timestamptz USING to_timestamp(created_at);";

/// SQLite's migrations: the tables, then the first rows. The seed is a data
/// migration, so it runs once, on a new (so empty) database; as a hook, its
/// password hash is only computed then.
pub fn sqlite_migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(SQLITE_TABLES),
        M::up_with_hook("", |tx: &Transaction| Ok(tx.execute_batch(&seed())?)),
        M::up(SQLITE_TIMESTAMPS),
    ])
}

/// PostgreSQL's migrations, the same three steps. twain runs them under a lock
/// in one transaction, so when several processes start at once on a new
/// database, one of them creates the tables and the first rows and the
/// others find them there.
pub fn postgres_migrations() -> [String; 3] {
    [
        POSTGRES_TABLES.to_owned(),
        seed(),
        POSTGRES_TIMESTAMPS.to_owned(),
    ]
}

/// A user, three articles and a comment on each, so every page has something
/// to show on the first run: plain SQL both databases run.
fn seed() -> String {
    let start = unix_now() - 3 * 86_400;
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
