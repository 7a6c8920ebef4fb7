//! A notes app on SQLite with both APIs of `twain::db` (docs/data.md): sync
//! views take a `Conn`, async ones a `Db`; the same row type maps in both;
//! creating a note is an atomic request, with a sync middleware writing an
//! audit row in the same transaction.
//!
//! ```text
//! cargo run --example notes                    # serves 127.0.0.1:8000, a fresh notes database in the temp dir
//! DATABASE_URL=postgres://user:pw@127.0.0.1/notes cargo run --example notes   # the same on PostgreSQL
//! curl -X POST -d 'text=hello' localhost:8000/notes/     # sync view, atomic: 201
//! curl -X POST -d 'text=hello' localhost:8000/notes/     # the same text again: 409
//! curl localhost:8000/notes/1/                           # sync view with Conn
//! curl localhost:8000/async/notes/1/                     # async view with db.run
//! curl localhost:8000/export/                            # db.stream, row by row
//! curl localhost:8000/audit/                             # what the middleware wrote
//! ```

use twain::ByteStream;
use twain::db::{Conn, Database, Db, DbError, FromRow, M, Migrations};
use twain::futures::StreamExt;
use twain::prelude::*;

#[derive(FromRow)]
struct Note {
    id: i64,
    text: String,
}

#[derive(serde::Deserialize)]
struct NewNote {
    text: String,
}

/// Sync middleware: in an atomic request it shares the view's transaction,
/// so its audit row is kept exactly when the view's write is.
#[middleware]
fn audit(req: Request, conn: Conn, next: SyncNext) -> Result<Response, DbError> {
    let what = format!("{} {}", req.method(), req.path());
    conn.execute("INSERT INTO audit (what) VALUES (?1)", (what,))?;
    Ok(next.run(req))
}

#[view]
fn create(conn: Conn, Form(new): Form<NewNote>) -> Result<(StatusCode, String), Error> {
    let (id,): (i64,) = conn
        .query_one(
            "INSERT INTO notes (text) VALUES (?1) RETURNING id",
            (new.text,),
        )
        .map_err(|err| err.on_constraint(StatusCode::CONFLICT, "that note exists"))?;
    Ok((StatusCode::CREATED, id.to_string()))
}

#[view]
fn show(conn: Conn, id: i64) -> Result<String, DbError> {
    let note: Note = conn.query_one("SELECT id, text FROM notes WHERE id = ?1", (id,))?;
    Ok(format!("{}: {}\n", note.id, note.text))
}

#[view]
async fn show_async(db: Db, id: i64) -> Result<String, DbError> {
    let note = db
        .run(move |conn| conn.query_one::<Note>("SELECT id, text FROM notes WHERE id = ?1", (id,)))
        .await?;
    Ok(format!("{}: {}\n", note.id, note.text))
}

#[view]
async fn export(db: Db) -> impl IntoResponse {
    let rows = db.stream::<Note>("SELECT id, text FROM notes ORDER BY id", ());
    ByteStream(rows.map(|row| {
        row.map(|note| format!("{}: {}\n", note.id, note.text))
            .map_err(|err| err.to_string())
    }))
}

#[view]
fn audit_log(conn: Conn) -> Result<String, DbError> {
    let mut out = String::new();
    for row in conn.iter::<(String,)>("SELECT what FROM audit ORDER BY id", ())? {
        out.push_str(&row?.0);
        out.push('\n');
    }
    Ok(out)
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);"),
        M::up("CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT NOT NULL);"),
    ])
}

/// The same schema for PostgreSQL (`DATABASE_URL=postgres://…`, with
/// twain's `postgres` feature).
const POSTGRES_MIGRATIONS: [&str; 2] = [
    "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, text TEXT NOT NULL UNIQUE);",
    "CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, what TEXT NOT NULL);",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `DATABASE_URL` when set; else a fresh SQLite file per run, beside the
    // system's other temp files.
    let path = std::env::temp_dir().join(format!("twain-notes-{}.db", std::process::id()));
    let database = Database::from_env_or(&path.display().to_string())
        .migrations(migrations())
        .postgres_migrations(POSTGRES_MIGRATIONS);
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8000".into());
    App::new()
        .database(database)
        .middleware(audit)
        .route("notes/", post(create).atomic())
        .route("notes/<int:id>/", show)
        .route("async/notes/<int:id>/", show_async)
        .route("export/", export)
        .route("audit/", audit_log)
        .run(addr.as_str())?;
    Ok(())
}
