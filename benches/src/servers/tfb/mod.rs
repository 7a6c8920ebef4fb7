//! The `tfb` case's servers: TechEmpower's six test types served by
//! `examples/techempower` itself (its `app.rs`, async views over `Db` and
//! sync views over `Conn`), and by the peers written as their communities
//! write TFB entries: axum with one tokio-postgres client per worker thread,
//! shared and pipelined (`axum-pg`), axum with a deadpool pool and one
//! checkout per request (`axum-pg-pool`), and actix-web with one client per
//! worker (`peers.rs`). All read the database at `TWAIN_BENCH_PG`, which
//! the driver sets up with TFB's schema (`examples/techempower/schema.rs`).

pub mod peers;

#[allow(dead_code)]
#[path = "../../../../examples/techempower/app.rs"]
pub mod app;
#[allow(dead_code)]
#[path = "../../../../examples/techempower/schema.rs"]
pub mod schema;

/// The variable the driver passes the database's URL in.
pub const PG_VAR: &str = "TWAIN_BENCH_PG";

/// The example's fortunes template.
pub const TEMPLATES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../examples/techempower/templates"
);

/// Connections in each pool (twain's `Database::pool_size`, deadpool's
/// `max_size`).
pub const POOL: u32 = 32;

pub fn url() -> std::io::Result<String> {
    std::env::var(PG_VAR).map_err(|_| std::io::Error::other(format!("{PG_VAR} is not set")))
}

/// The example's app in `mode`, on the benchmark's database.
pub fn twain_app(mode: app::Mode) -> std::io::Result<twain::App> {
    let database = schema::database(&url()?).pool_size(POOL);
    Ok(app::app(mode, database, TEMPLATES.as_ref()))
}
