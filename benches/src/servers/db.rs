//! The database case's servers: one row read by primary key from a SQLite
//! file (made in a temp dir when the child starts, 10 000 rows), by a twain
//! sync view with `Conn`, a twain async view with `db.run`, and axum with
//! `spawn_blocking` over the same r2d2 + r2d2_sqlite pool, set up as twain
//! sets up its connections (WAL, busy timeout, foreign keys), with the same
//! query through rusqlite's statement cache.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::extract::State;
use hyper_util::service::TowerToHyperService;
use r2d2_sqlite::SqliteConnectionManager;
use twain::db::{Conn, Database, Db, DbError, FromRow};
use twain::prelude::*;

use super::SYNC_THREADS;

/// Routes of the database case.
pub const DB_SYNC: &str = "/db/sync/";
pub const DB_ASYNC: &str = "/db/async/";
pub const DB_AXUM: &str = "/db/spawn_blocking/";

/// The key every request reads.
const KEY: i64 = 4242;
const QUERY: &str = "SELECT id, title FROM articles WHERE id = ?1";
/// Pool size for twain and axum alike.
const POOL: u32 = 32;

#[derive(FromRow)]
struct Article {
    id: i64,
    title: String,
}

/// A temp dir holding `bench.db` with its 10 000 rows; kept for the child's life.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
         BEGIN;",
    )
    .expect("schema");
    for id in 0..10_000 {
        conn.execute(
            "INSERT INTO articles (id, title) VALUES (?1, ?2)",
            (id, format!("article {id}")),
        )
        .expect("insert");
    }
    conn.execute_batch("COMMIT;").expect("commit");
    (dir, path)
}

#[view]
fn read_sync(conn: Conn) -> Result<String, DbError> {
    let a: Article = conn.query_one(QUERY, (KEY,))?;
    Ok(format!("{} {}", a.id, a.title))
}

#[view]
async fn read_async(db: Db) -> Result<String, DbError> {
    let a = db
        .run(|conn| conn.query_one::<Article>(QUERY, (KEY,)))
        .await?;
    Ok(format!("{} {}", a.id, a.title))
}

pub fn twain_app() -> (tempfile::TempDir, App) {
    let (dir, path) = fixture();
    let app = App::new()
        .sync_threads(SYNC_THREADS)
        .database(Database::sqlite(&path).pool_size(POOL))
        .route(DB_SYNC.trim_start_matches('/'), read_sync)
        .route(DB_ASYNC.trim_start_matches('/'), read_async);
    (dir, app)
}

type Pool = r2d2::Pool<SqliteConnectionManager>;

fn axum_pool(path: &Path) -> Pool {
    let manager = SqliteConnectionManager::file(path).with_init(|conn| {
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        })?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
    });
    r2d2::Pool::builder()
        .max_size(POOL)
        .min_idle(Some(2))
        .test_on_check_out(false)
        .build(manager)
        .expect("pool")
}

/// What an axum user writes: check out on a blocking thread, query, map.
async fn read_spawn_blocking(
    State(pool): State<Pool>,
) -> Result<String, (http::StatusCode, String)> {
    let error = |e: String| (http::StatusCode::INTERNAL_SERVER_ERROR, e);
    tokio::task::spawn_blocking(move || {
        let conn = pool.get().map_err(|e| e.to_string())?;
        let mut stmt = conn.prepare_cached(QUERY).map_err(|e| e.to_string())?;
        stmt.query_row((KEY,), |row| {
            Ok(format!(
                "{} {}",
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?
            ))
        })
        .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| error(e.to_string()))?
    .map_err(error)
}

pub fn axum_app() -> (tempfile::TempDir, TowerToHyperService<axum::Router>) {
    let (dir, path) = fixture();
    let router = axum::Router::new()
        .route(DB_AXUM, axum::routing::get(read_spawn_blocking))
        .with_state(axum_pool(&path));
    (dir, TowerToHyperService::new(router))
}
