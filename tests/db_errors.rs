//! `DbError` composes: it is a `std::error::Error` whose `source()` is the
//! driver's error, so `?` works into `Box<dyn Error>` (and so `anyhow`);
//! and `?` into twain's `Error` still answers with its own status (404 for
//! no row, 409 for a duplicate), not a blanket 500.

use std::error::Error as StdError;

use twain::db::{Database, Db, DbError, M, Migrations};
use twain::prelude::*;
use twain::test::AsyncClient;

fn database(dir: &tempfile::TempDir) -> Database {
    Database::sqlite(dir.path().join("app.db")).migrations(Migrations::new(vec![M::up(
        "CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);",
    )]))
}

/// A user's helper returning the usual boxed error: `?` on a `DbError`.
async fn count_names(db: &Db) -> Result<i64, Box<dyn StdError + Send + Sync>> {
    let (n,): (i64,) = db.query_one("SELECT count(*) FROM names", ()).await?;
    Ok(n)
}

async fn bad_table(db: &Db) -> Result<i64, Box<dyn StdError + Send + Sync>> {
    let (n,): (i64,) = db
        .query_one("SELECT count(*) FROM no_such_table", ())
        .await?;
    Ok(n)
}

#[tokio::test]
async fn a_db_error_goes_into_box_dyn_error_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir).open().unwrap();
    assert_eq!(count_names(&db).await.unwrap(), 0);

    let err = bad_table(&db).await.unwrap_err();
    assert!(err.to_string().contains("no such table"), "{err}");
    let db_err = err
        .downcast_ref::<DbError>()
        .expect("the boxed error is the DbError");
    let source = db_err
        .source()
        .expect("a SQL error has its driver's error as source");
    assert!(
        source
            .downcast_ref::<twain::db::rusqlite::Error>()
            .is_some(),
        "the source is rusqlite's error: {source:?}"
    );
    // No row is an error of twain's own: no source below it.
    let none = db
        .query_one::<(i64,)>("SELECT id FROM names", ())
        .await
        .unwrap_err();
    assert!(none.is_no_row() && none.source().is_none());
}

#[view]
async fn by_id(db: Db, id: i64) -> Result<String, Error> {
    let (name,): (String,) = db
        .query_one("SELECT name FROM names WHERE id = ?1", (id,))
        .await?;
    Ok(name)
}

#[view]
async fn add(db: Db, name: String) -> Result<&'static str, Error> {
    db.execute("INSERT INTO names (name) VALUES (?1)", (name,))
        .await?;
    Ok("added")
}

#[tokio::test]
async fn question_mark_into_error_keeps_the_db_status() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new()
        .database(database(&dir))
        .route("names/<int:id>/", by_id)
        .route("add/<name>/", add);
    let client = AsyncClient::new(app);
    assert_eq!(client.get("/add/ada/").await.status(), 200);
    assert_eq!(client.get("/names/1/").await.text(), "ada");
    assert_eq!(client.get("/names/2/").await.status(), 404, "no row");
    assert_eq!(client.get("/add/ada/").await.status(), 409, "a duplicate");
}
