// Every accepted form of the sync API.
use twain::db::{Conn, Database, Db, DbError, ForeignKey, FromRow, M, Migrations, Tx};
use twain::prelude::*;

#[derive(FromRow)]
#[row(table = "authors")]
struct Author {
    id: i64,
    name: String,
}

#[derive(FromRow)]
#[row(table = "people", key = "person_id")]
struct Person {
    person_id: i64,
    #[row(rename = "full_name")]
    name: Option<String>,
}

#[derive(FromRow)]
struct Pair(i64, String);

#[derive(FromRow)]
struct Article {
    title: String,
    #[row(rename = "author_id")]
    author: ForeignKey<Author>,
}

type Connection = Conn;

#[view]
fn plain(conn: Conn) -> Result<String, DbError> {
    let a: Article = conn.query_one("SELECT title, author_id FROM articles WHERE id = 1", ())?;
    let author = a.author.load(&conn)?;
    Ok(format!("{} {} {}", a.title, author.name, author.id))
}

#[view]
fn with_others(req: &Request, id: i64, conn: twain::db::Conn, cx: Blocking) -> Result<String, Error> {
    let rows = conn.all::<Pair>("SELECT id, title FROM articles WHERE id > ?1", (id,))?;
    let same = conn.db().conn(cx)?; // the request's connection again
    let _: Option<Person> = same.get("SELECT person_id, full_name FROM people", ())?;
    Ok(format!("{} {} {}", req.path(), rows.len(), rows.first().map_or("", |p| &p.1)))
}

#[view]
fn aliased(conn: Connection) -> Result<String, DbError> {
    let mut n = 0;
    for row in conn.iter::<(i64,)>("SELECT id FROM articles", ())? {
        n += row?.0;
    }
    Ok(n.to_string())
}

#[view]
fn transaction(conn: Conn) -> Result<&'static str, Error> {
    conn.atomic(|tx: &Tx<'_>| {
        tx.execute("INSERT INTO authors (name) VALUES ('x')", ())?;
        let a: Article = tx.query_one("SELECT title, author_id FROM articles", ())?;
        let _ = a.author.load(tx)?;
        tx.atomic(|inner| inner.execute("DELETE FROM authors WHERE name = 'x'", ()).map(drop))?;
        Ok::<_, DbError>(())
    })
    .map_err(|e| e.on_constraint(StatusCode::CONFLICT, "exists"))?;
    Ok("done")
}

#[middleware]
fn audit(req: Request, conn: Conn, next: SyncNext) -> Response {
    let _ = conn.execute("INSERT INTO log DEFAULT VALUES", ());
    next.run(req)
}

#[view]
async fn uses_db(db: Db) -> Result<String, DbError> {
    let n = db.run(|conn| Ok::<_, DbError>(conn.query_one::<(i64,)>("SELECT 1", ())?.0)).await?;
    let title = db
        .run(|conn| {
            let a: Article = conn.query_one("SELECT title, author_id FROM articles", ())?;
            let name = a.author.load(conn)?.name.clone();
            Ok::<_, Error>(format!("{} {name}", a.title))
        })
        .await
        .unwrap_or_default();
    db.atomic(|tx| tx.execute("DELETE FROM log", ())).await?;
    Ok(format!("{n} {title}"))
}

fn main() {
    let migrations = Migrations::new(vec![M::up("CREATE TABLE log (id INTEGER PRIMARY KEY)")]);
    let _app = App::new()
        .database(Database::sqlite("unused.db").migrations(migrations).atomic_requests(true))
        .middleware(audit)
        .route("a/", plain)
        .route("b/<int:id>/", with_others)
        .route("c/", aliased)
        .route("d/", post(transaction).atomic())
        .route("e/", uses_db);
}
