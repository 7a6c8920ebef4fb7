//! One app, two backends: the same views, row types and SQL (`?N` and `$N`
//! placeholders, `RETURNING`, `ON CONFLICT`, a `JOIN`, an aggregate), built
//! once with a SQLite URL and once with a PostgreSQL URL
//! (`TWAIN_TEST_POSTGRES`; that half skips with a message when it is unset),
//! answer the same sequence of requests with the same statuses and bodies —
//! including an atomic request whose view's `INSERT` breaks a constraint
//! after its middleware wrote (409; the middleware's row stays on both).

mod pg_common;

use twain::db::{Conn, Database, Db, DbError, FromRow, M, Migrations};
use twain::prelude::*;
use twain::test::AsyncClient;

const SQLITE: &str = "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, uses INTEGER NOT NULL DEFAULT 0);
     CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE, tag_id INTEGER NOT NULL REFERENCES tags(id), done BOOLEAN NOT NULL DEFAULT FALSE);
     CREATE TABLE audit (id INTEGER PRIMARY KEY, path TEXT NOT NULL);";
const POSTGRES: &str = "CREATE TABLE tags (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, uses INTEGER NOT NULL DEFAULT 0);
     CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL UNIQUE, tag_id BIGINT NOT NULL REFERENCES tags(id), done BOOLEAN NOT NULL DEFAULT FALSE);
     CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, path TEXT NOT NULL);";

#[derive(FromRow)]
struct Note {
    id: i64,
    body: String,
    tag: String,
    done: bool,
}

#[derive(serde::Deserialize)]
struct New {
    body: String,
    tag: String,
}

#[middleware]
fn audit(req: Request, conn: Conn, next: SyncNext) -> Result<Response, DbError> {
    conn.execute("INSERT INTO audit (path) VALUES (?1)", (req.path(),))?;
    Ok(next.run(req))
}

#[view]
async fn audited(db: Db) -> Result<String, DbError> {
    let rows: Vec<(String,)> = db.all("SELECT path FROM audit ORDER BY id", ()).await?;
    Ok(rows.into_iter().map(|(p,)| p).collect::<Vec<_>>().join(" "))
}

#[view]
fn add(conn: Conn, Query(new): Query<New>) -> Result<String, DbError> {
    let (tag,): (i64,) = conn.query_one(
        "INSERT INTO tags (name, uses) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET uses = tags.uses + 1 RETURNING id",
        (&new.tag,),
    )?;
    let (id,): (i64,) = conn.query_one(
        "INSERT INTO notes (body, tag_id) VALUES ($1, $2) RETURNING id",
        (&new.body, tag),
    )?;
    Ok(id.to_string())
}

#[view]
fn finish(conn: Conn, id: i64) -> Result<String, DbError> {
    let changed = conn.execute("UPDATE notes SET done = ?2 WHERE id = ?1", (id, true))?;
    Ok(changed.to_string())
}

#[view]
async fn list(db: Db) -> Result<String, DbError> {
    let notes: Vec<Note> = db
        .all(
            "SELECT n.id, n.body, t.name AS tag, n.done FROM notes n JOIN tags t ON t.id = n.tag_id ORDER BY n.id",
            (),
        )
        .await?;
    Ok(notes
        .iter()
        .map(|n| {
            format!(
                "{} {} #{}{}",
                n.id,
                n.body,
                n.tag,
                if n.done { " done" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

#[view]
async fn tags(db: Db) -> Result<String, DbError> {
    let rows: Vec<(String, i64, i64)> = db
        .all(
            "SELECT t.name, t.uses, count(n.id) FROM tags t LEFT JOIN notes n ON n.tag_id = t.id GROUP BY t.name, t.uses ORDER BY t.name",
            (),
        )
        .await?;
    Ok(format!("{rows:?}"))
}

#[view]
async fn note(db: Db, id: i64) -> Result<String, DbError> {
    let n: Note = db
        .query_one(
            "SELECT n.id, n.body, t.name AS tag, n.done FROM notes n JOIN tags t ON t.id = n.tag_id WHERE n.id = ?",
            (id,),
        )
        .await?;
    Ok(n.body)
}

fn app(url: &str) -> App {
    App::new()
        .database(
            Database::from_url(url)
                .migrations(Migrations::new(vec![M::up(SQLITE)]))
                .postgres_migrations([POSTGRES]),
        )
        .middleware(audit)
        .route("add/", get(add).atomic())
        .route("audit/", audited)
        .route("finish/<int:id>/", finish)
        .route("list/", list)
        .route("tags/", tags)
        .route("notes/<int:id>/", note)
}

/// The answers to one fixed sequence of requests.
async fn session(url: &str) -> Vec<(u16, String)> {
    let client = AsyncClient::new(app(url));
    let mut out = Vec::new();
    for path in [
        "/add/?body=milk&tag=shop",
        "/add/?body=bread&tag=shop",
        "/add/?body=run&tag=health",
        "/finish/2/",
        "/finish/9/",
        "/list/",
        "/tags/",
        "/notes/3/",
        "/notes/42/",
        "/add/?body=milk&tag=shop",
        "/list/",
        "/tags/",
        "/audit/",
    ] {
        let reply = client.get(path).await;
        out.push((reply.status().as_u16(), reply.text()));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_app_answers_the_same_on_sqlite_and_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = session(&format!("sqlite://{}", dir.path().join("app.db").display())).await;
    assert_eq!(
        sqlite[5],
        (
            200,
            "1 milk #shop\n2 bread #shop done\n3 run #health".to_owned()
        )
    );
    assert_eq!(
        sqlite[6],
        (200, r#"[("health", 1, 1), ("shop", 2, 2)]"#.to_owned())
    );
    assert_eq!(sqlite[8].0, 404);
    assert_eq!(sqlite[9].0, 409, "a duplicate note");
    assert_eq!(
        sqlite[11],
        (200, r#"[("health", 1, 1), ("shop", 3, 2)]"#.to_owned()),
        "the tag's upsert before the failed insert was kept"
    );
    assert_eq!(
        sqlite[12].1.matches("/add/").count(),
        4,
        "the 409's audit row was kept: {}",
        sqlite[12].1
    );
    let Some(url) = pg_common::fresh_schema("portable") else {
        return;
    };
    let postgres = session(&url).await;
    assert_eq!(postgres, sqlite, "PostgreSQL answers exactly as SQLite");
}
