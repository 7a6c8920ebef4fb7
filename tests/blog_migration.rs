//! The blog's data migration from unix seconds to timestamps keeps existing
//! rows, on both backends: a database made by the blog's first two
//! migrations (times as integers), with a row written then, is opened by
//! today's blog, which migrates it; the row's times come back from the API
//! as RFC 3339, its comment's too, and the list still puts the newest
//! first. The PostgreSQL half skips without `TWAIN_TEST_POSTGRES`.

#[path = "../examples/blog/app.rs"]
mod app;
#[path = "../examples/blog/auth.rs"]
mod auth;
#[path = "../examples/blog/feed.rs"]
mod feed;
#[path = "../examples/blog/models.rs"]
mod models;
#[path = "../examples/blog/schema.rs"]
mod schema;
#[path = "../examples/blog/views/mod.rs"]
mod views;

mod pg_common;

use twain::db::Database;
use twain::serde_json::Value;
use twain::test::Client;

/// The example, `"created_at": 1796568918` in the old API.
const OLD_RFC3339: &str = "2026-12-06T14:55:18Z";

/// An article and a comment as the old schema stored them.
const OLD_ROWS: &str = "
    INSERT INTO articles (author_id, title, body, created_at, updated_at)
        VALUES (1, 'Written before', 'Kept.', 1796568918, 1796568978);
    INSERT INTO comments (article_id, author, body, created_at)
        VALUES (4, 'bob', 'Still here.', 1796569018);";

fn check(client: &Client) {
    let article: Value = client.get("/api/articles/4/").json();
    assert_eq!(article["title"], "Written before");
    assert_eq!(article["created_at"], OLD_RFC3339);
    assert_eq!(article["updated_at"], "2026-12-06T14:56:18Z");
    // The seed's articles were converted too, and the order holds.
    let list: Vec<Value> = client.get("/api/articles/").json();
    assert_eq!(list.len(), 4);
    let times: Vec<&str> = list
        .iter()
        .map(|a| a["created_at"].as_str().unwrap())
        .collect();
    for at in &times {
        assert!(at.len() == 20 && at.ends_with('Z'), "{at}");
    }
    let mut newest_first = times.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, newest_first, "the front page's order, newest first");
    assert!(times.contains(&OLD_RFC3339));
    let page = client.get("/articles/4/").text();
    assert!(page.contains("Still here."), "the comment is kept");
    assert!(
        page.contains("2026-12-06 14:56 UTC"),
        "its time too: {page}"
    );
}

#[test]
fn sqlite_rows_written_before_the_migration_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blog.db");
    {
        let mut conn = twain::db::rusqlite::Connection::open(&path).unwrap();
        schema::sqlite_migrations()
            .to_version(&mut conn, 2)
            .unwrap();
        conn.execute_batch(OLD_ROWS).unwrap();
    }
    let client = Client::new(app::app(&app::Config::new(path.clone())).unwrap());
    check(&client);
    let conn = twain::db::rusqlite::Connection::open(&path).unwrap();
    let stored: String = conn
        .query_row("SELECT created_at FROM articles WHERE id = 4", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        stored, "2026-12-06 14:55:18.000000",
        "twain's SQLite layout"
    );
}

#[test]
fn postgres_rows_written_before_the_migration_are_kept() {
    let Some(url) = pg_common::fresh_schema("blogmigration") else {
        return;
    };
    let [tables, seed, _timestamps] = schema::postgres_migrations();
    let url_old = url.clone();
    std::thread::spawn(move || {
        let runtime = twain::tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let db = Database::from_url(&url_old)
                .postgres_migrations([tables, seed])
                .open()
                .unwrap();
            for statement in OLD_ROWS.split(';').filter(|s| !s.trim().is_empty()) {
                db.execute(statement.to_owned(), ()).await.unwrap();
            }
        });
    })
    .join()
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = app::Config::at(url, dir.path().join("blog.media"));
    let client = Client::new(app::app(&config).unwrap());
    check(&client);
}
