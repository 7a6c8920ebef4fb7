//! The sync API of `twain::db` against a real SQLite file in a temp dir, over
//! real sockets on 127.0.0.1: sync views and middleware take `Conn`; the
//! parts of one request share it; atomic requests commit under 500 and roll
//! back on a 5xx or a panic (per app and per route); 64 sync views writing at
//! once lose no write and send no `database is locked`.

mod common;

use std::time::Duration;

use twain::db::{Conn, Database, Db, DbError, ForeignKey, FromRow, M, Migrations};
use twain::prelude::*;

use common::{http_get, start};

fn database(dir: &tempfile::TempDir) -> Database {
    Database::sqlite(dir.path().join("app.db")).migrations(Migrations::new(vec![M::up(
        "CREATE TABLE log (id INTEGER PRIMARY KEY, who TEXT NOT NULL);
         CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
         CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
                                author_id INTEGER NOT NULL REFERENCES authors(id));",
    )]))
}

/// Rows of `log`, read through a pool of its own.
async fn logged(dir: &tempfile::TempDir) -> Vec<String> {
    let db = Database::sqlite(dir.path().join("app.db")).open().unwrap();
    db.run(|conn| conn.all::<(String,)>("SELECT who FROM log ORDER BY id", ()))
        .await
        .unwrap()
        .into_iter()
        .map(|(who,)| who)
        .collect()
}

#[middleware]
fn audit(req: Request, conn: Conn, next: SyncNext) -> Response {
    conn.execute("INSERT INTO log (who) VALUES ('middleware')", ())
        .unwrap();
    next.run(req)
}

#[derive(serde::Deserialize)]
struct How {
    how: String,
}

#[view]
fn write(conn: Conn, Query(q): Query<How>) -> Result<&'static str, Error> {
    conn.execute("INSERT INTO log (who) VALUES ('view')", ())?;
    match q.how.as_str() {
        "panic" => panic!("the view fails after writing"),
        "err" => Err(Error::internal("the view returns a 500")),
        "bad" => Err(Error::bad_request("a 400 still commits")),
        _ => Ok("written"),
    }
}

#[view]
fn same_conn(conn: Conn) -> Result<String, DbError> {
    // Within the middleware's request, the view sees its uncommitted row.
    let (n,): (i64,) = conn.query_one("SELECT count(*) FROM log", ())?;
    Ok(format!("{n} in tx: {}", !conn.is_autocommit()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atomic_requests_roll_back_middleware_and_view_writes_together() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir).atomic_requests(true))
        .middleware(audit)
        .route("write/", write)
        .route("same/", same_conn);
    let server = start(app).await;

    let ok = http_get(server.addr, "/write/?how=ok").await;
    assert_eq!((ok.status, ok.text().as_str()), (200, "written"));
    assert_eq!(
        logged(&dir).await,
        ["middleware", "view"],
        "200: both rows stay"
    );

    let panicked = http_get(server.addr, "/write/?how=panic").await;
    assert_eq!(panicked.status, 500);
    assert_eq!(logged(&dir).await.len(), 2, "a panic: both rows vanish");

    let failed = http_get(server.addr, "/write/?how=err").await;
    assert_eq!(failed.status, 500);
    assert_eq!(logged(&dir).await.len(), 2, "a 500: both rows vanish");

    let bad = http_get(server.addr, "/write/?how=bad").await;
    assert_eq!(bad.status, 400);
    assert_eq!(logged(&dir).await.len(), 4, "a 400 commits");

    let same = http_get(server.addr, "/same/").await;
    assert_eq!(
        same.text(),
        "5 in tx: true",
        "the view sees the middleware's row, in one transaction"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_route_atomic_the_other_not() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir))
        .middleware(audit)
        .route("atomic/", get(write).atomic())
        .route("plain/", write);
    let server = start(app).await;
    assert_eq!(
        http_get(server.addr, "/atomic/?how=panic").await.status,
        500
    );
    assert!(
        logged(&dir).await.is_empty(),
        "the atomic route rolled back"
    );
    assert_eq!(http_get(server.addr, "/plain/?how=panic").await.status, 500);
    assert_eq!(
        logged(&dir).await,
        ["middleware", "view"],
        "without atomic requests each statement commits on its own"
    );
    server.stop().await;
}

#[view]
fn insert(conn: Conn, n: i64) -> Result<String, DbError> {
    conn.atomic(|tx| {
        tx.execute("INSERT INTO log (who) VALUES (?1)", (format!("w{n}"),))?;
        // Read-then-write inside one transaction: the case that fails with
        // `database is locked` when a transaction starts deferred.
        let (count,): (i64,) = tx.query_one("SELECT count(*) FROM log", ())?;
        std::thread::sleep(Duration::from_millis(1));
        tx.execute("UPDATE log SET who = who WHERE id = ?1", (count,))?;
        Ok::<_, DbError>(())
    })?;
    Ok("ok".to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_sync_views_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir).pool_size(16))
        .route("insert/<int:n>/", insert);
    let server = start(app).await;
    let addr = server.addr;
    let mut tasks = Vec::new();
    for n in 0..64 {
        tasks.push(tokio::spawn(async move {
            http_get(addr, &format!("/insert/{n}/")).await
        }));
    }
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert!(!reply.text().contains("locked"));
    }
    let mut rows = logged(&dir).await;
    rows.sort();
    let mut want: Vec<String> = (0..64).map(|n| format!("w{n}")).collect();
    want.sort();
    assert_eq!(rows, want, "every write is there, once");
    server.stop().await;
}

#[derive(FromRow)]
#[row(table = "authors")]
struct Author {
    #[allow(dead_code)]
    id: i64,
    name: String,
}

#[derive(FromRow)]
struct Article {
    title: String,
    #[row(rename = "author_id")]
    author: ForeignKey<Author>,
}

#[view]
fn byline(conn: Conn, id: i64) -> Result<String, DbError> {
    let article: Article =
        conn.query_one("SELECT title, author_id FROM articles WHERE id = ?1", (id,))?;
    let before = article.author.loaded().is_some();
    let name = &article.author.load(&conn)?.name;
    Ok(format!(
        "{} by {name} (loaded before: {before})",
        article.title
    ))
}

#[view]
fn titles(conn: Conn) -> Result<String, DbError> {
    let mut out = Vec::new();
    for article in conn.iter::<Article>("SELECT title, author_id FROM articles ORDER BY id", ())? {
        out.push(article?.title);
    }
    Ok(out.join(","))
}

#[view]
async fn titles_async(db: Db) -> Result<String, DbError> {
    use futures_util::TryStreamExt;
    let rows: Vec<Article> = db
        .stream("SELECT title, author_id FROM articles ORDER BY id", ())
        .try_collect()
        .await?;
    Ok(rows
        .into_iter()
        .map(|a| a.title)
        .collect::<Vec<_>>()
        .join(","))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lazy_relation_loads_in_a_sync_view_and_rows_map_alike_in_both_apis() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir))
        .route("articles/<int:id>/", byline)
        .route("titles/", titles)
        .route("titles-async/", titles_async);
    let server = start(app).await;
    // The app migrates when it is built, in the server's task: wait for it.
    assert_eq!(http_get(server.addr, "/titles/").await.text(), "");
    let db = Database::sqlite(dir.path().join("app.db")).open().unwrap();
    db.run(|conn| {
        conn.execute("INSERT INTO authors (id, name) VALUES (1, 'Ann')", ())?;
        conn.execute(
            "INSERT INTO articles (id, title, author_id) VALUES (1, 'One', 1), (2, 'Two', 1)",
            (),
        )
    })
    .await
    .unwrap();
    let reply = http_get(server.addr, "/articles/1/").await;
    assert_eq!(reply.text(), "One by Ann (loaded before: false)");
    assert_eq!(http_get(server.addr, "/articles/7/").await.status, 404);
    assert_eq!(http_get(server.addr, "/titles/").await.text(), "One,Two");
    assert_eq!(
        http_get(server.addr, "/titles-async/").await.text(),
        "One,Two"
    );
    // A foreign key to a missing author is refused (foreign_keys = ON).
    let err = db
        .run(|conn| {
            conn.execute(
                "INSERT INTO articles (title, author_id) VALUES ('x', 99)",
                (),
            )
        })
        .await
        .unwrap_err();
    assert_eq!(err.constraint(), Some(twain::db::Constraint::ForeignKey));
    server.stop().await;
}

#[view]
fn no_database(_conn: Conn) -> &'static str {
    "unreachable"
}

#[tokio::test]
async fn conn_without_a_database_is_a_500_that_says_why() {
    let client = twain::test::AsyncClient::new(App::new().route("", no_database));
    let reply = client.get("/").await;
    assert_eq!(reply.status(), 500);
}

#[view]
async fn async_fails(db: Db) -> Result<&'static str, Error> {
    db.run(|conn| conn.execute("INSERT INTO log (who) VALUES ('async view')", ()))
        .await?;
    Err(Error::internal("the async view returns a 500"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atomic_requests_leave_an_async_view_unwrapped() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir).atomic_requests(true))
        .middleware(audit)
        .route("async/", async_fails);
    let server = start(app).await;
    assert_eq!(http_get(server.addr, "/async/").await.status, 500);
    assert_eq!(
        logged(&dir).await,
        ["middleware", "async view"],
        "an async view's route is not one transaction: each write committed on its own"
    );
    server.stop().await;
}
