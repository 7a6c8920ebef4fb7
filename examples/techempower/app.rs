//! The six TechEmpower test types as twain views, twice: async views over
//! `Db` (the default; on PostgreSQL the queries run on the async workers,
//! no thread switch) and sync views over `Conn` (`Mode::Sync`: one switch to
//! a sync thread per request, queries on a pooled connection). JSON and
//! plaintext are the same async views in both modes; a middleware adds the
//! `Server` header, hyper the `Date` header.
//!
//! Kept apart from `main.rs` so the benchmark harness (`benches/`) and
//! `tests/techempower.rs` serve exactly this app.

use std::cell::Cell;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use twain::db::{Conn, Database, Db, DbError, ToParam, Value};
use twain::futures::future::try_join_all;
use twain::http::header::{HeaderValue, SERVER};
use twain::prelude::*;
use twain::web::{Template, context};

/// Which views serve the database tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `async fn` views with `db: Db`.
    Async,
    /// `fn` views with `conn: Conn`.
    Sync,
}

const WORLD: &str = "SELECT id, randomnumber FROM world WHERE id = $1";
const FORTUNES: &str = "SELECT id, message FROM fortune";
/// The fortune every request adds before sorting (TFB's rule).
pub const EXTRA_FORTUNE: &str = "Additional fortune added at request time.";

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

/// A row of `World`, as TFB's JSON spells it.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct World {
    pub id: i32,
    #[serde(rename = "randomNumber")]
    pub random_number: i32,
}

/// `?queries=N`: clamped to 1..=500; missing or not a number is 1.
#[derive(Deserialize)]
pub struct Queries {
    queries: Option<String>,
}

impl Queries {
    pub fn count(&self) -> usize {
        let n = self
            .queries
            .as_deref()
            .and_then(|q| q.trim().parse::<i64>().ok())
            .unwrap_or(1);
        n.clamp(1, 500) as usize
    }
}

thread_local! {
    static SEED: Cell<u64> = Cell::new({
        let here = &0u8 as *const u8 as u64;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        (here ^ now) | 1
    });
}

/// A random id in 1..=10,000 (xorshift64*, one state per thread).
pub fn random_id() -> i32 {
    SEED.with(|seed| {
        let mut x = seed.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        seed.set(x);
        (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as i32 % 10_000 + 1
    })
}

#[middleware]
async fn server_header(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response
        .headers_mut()
        .insert(SERVER, HeaderValue::from_static("twain"));
    response
}

// JSON and plaintext: no database, the same in both modes.

#[view]
async fn json() -> Json<Message> {
    Json(Message {
        message: "Hello, World!",
    })
}

#[view]
async fn plaintext() -> &'static str {
    "Hello, World!"
}

// The database tests' shared parts.

fn world((id, random_number): (i32, i32)) -> World {
    World { id, random_number }
}

/// The fortunes, the extra one added, sorted by message, as TFB's page.
/// Each is an `(id, message)` pair (the template unpacks it), which
/// minijinja takes in with fewer allocations than a struct's map.
fn fortunes_page(mut fortunes: Vec<(i32, String)>) -> Template {
    fortunes.push((0, EXTRA_FORTUNE.to_owned()));
    fortunes.sort_unstable_by(|a, b| a.1.cmp(&b.1));
    Template::render("fortunes.html", context! { fortunes })
}

/// Gives each world a new random number and returns the one statement that
/// writes them all: `UPDATE … SET randomnumber = CASE id WHEN … END WHERE id
/// IN (…)`, the ids in order (so concurrent updates lock rows in one order).
/// A world drawn twice gets one number, shown in both places.
fn new_numbers(worlds: &mut [World]) -> (&'static str, Vec<Value>) {
    for w in worlds.iter_mut() {
        w.random_number = random_id();
    }
    let mut pairs: Vec<(i32, i32)> = worlds.iter().map(|w| (w.id, w.random_number)).collect();
    pairs.sort_by_key(|&(id, _)| id);
    pairs.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 = later.1;
        }
        same
    });
    for w in worlds.iter_mut() {
        if let Ok(at) = pairs.binary_search_by_key(&w.id, |&(id, _)| id) {
            w.random_number = pairs[at].1;
        }
    }
    let params = pairs
        .iter()
        .flat_map(|(id, number)| [id.to_param(), number.to_param()])
        .collect();
    (update_sql(pairs.len()), params)
}

/// The update statement for `n` distinct ids, made once per `n`.
fn update_sql(n: usize) -> &'static str {
    static MADE: [OnceLock<String>; 501] = [const { OnceLock::new() }; 501];
    MADE[n].get_or_init(|| {
        let mut sql = String::from("UPDATE world SET randomnumber = CASE id");
        for i in 0..n {
            sql += &format!(" WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2);
        }
        sql += " ELSE randomnumber END WHERE id IN (";
        let ids: Vec<String> = (0..n).map(|i| format!("${}", 2 * i + 1)).collect();
        sql += &ids.join(", ");
        sql + ")"
    })
}

// Async views: `db: Db`.

async fn one_world(db: &Db) -> Result<World, DbError> {
    db.query_one::<(i32, i32)>(WORLD, (random_id(),))
        .await
        .map(world)
}

/// `n` worlds, their queries all in flight at once (on PostgreSQL they go
/// down one connection back to back).
async fn worlds(db: &Db, n: usize) -> Result<Vec<World>, DbError> {
    try_join_all((0..n).map(|_| one_world(db))).await
}

#[view]
async fn db_async(db: Db) -> Result<Json<World>, DbError> {
    Ok(Json(one_world(&db).await?))
}

#[view]
async fn queries_async(db: Db, q: Query<Queries>) -> Result<Json<Vec<World>>, DbError> {
    Ok(Json(worlds(&db, q.0.count()).await?))
}

#[view]
async fn fortunes_async(db: Db) -> Result<Template, DbError> {
    Ok(fortunes_page(db.all(FORTUNES, ()).await?))
}

#[view]
async fn updates_async(db: Db, q: Query<Queries>) -> Result<Json<Vec<World>>, DbError> {
    let mut worlds = worlds(&db, q.0.count()).await?;
    let (sql, params) = new_numbers(&mut worlds);
    db.execute(sql, params).await?;
    Ok(Json(worlds))
}

// Sync views: `conn: Conn`.

fn worlds_sync(conn: &Conn, n: usize) -> Result<Vec<World>, DbError> {
    (0..n)
        .map(|_| conn.query_one(WORLD, (random_id(),)).map(world))
        .collect()
}

#[view]
fn db_sync(conn: Conn) -> Result<Json<World>, DbError> {
    Ok(Json(conn.query_one(WORLD, (random_id(),)).map(world)?))
}

#[view]
fn queries_sync(conn: Conn, q: Query<Queries>) -> Result<Json<Vec<World>>, DbError> {
    Ok(Json(worlds_sync(&conn, q.0.count())?))
}

#[view]
fn fortunes_sync(conn: Conn) -> Result<Template, DbError> {
    Ok(fortunes_page(conn.all(FORTUNES, ())?))
}

#[view]
fn updates_sync(conn: Conn, q: Query<Queries>) -> Result<Json<Vec<World>>, DbError> {
    let mut worlds = worlds_sync(&conn, q.0.count())?;
    let (sql, params) = new_numbers(&mut worlds);
    conn.execute(sql, params)?;
    Ok(Json(worlds))
}

/// The app: TFB's six URLs on `database`, the fortunes template from
/// `templates`.
pub fn app(mode: Mode, database: Database, templates: &Path) -> App {
    let app = App::new()
        .database(database)
        .templates(templates)
        .middleware(server_header)
        .route("json", json)
        .route("plaintext", plaintext);
    match mode {
        Mode::Async => app
            .route("db", db_async)
            .route("queries", queries_async)
            .route("fortunes", fortunes_async)
            .route("updates", updates_async),
        Mode::Sync => app
            .route("db", db_sync)
            .route("queries", queries_sync)
            .route("fortunes", fortunes_sync)
            .route("updates", updates_sync),
    }
}
