//! TechEmpower's Framework Benchmarks (TFB) in twain: the six test types —
//! JSON, plaintext, one query, N queries, fortunes, updates — written to
//! TFB's rules (<https://frameworkbenchmarks.readthedocs.io/en/latest/Project-Information/Framework-Tests/>):
//!
//! - every response carries `Server` and `Date` headers;
//! - `/json` serializes a new `{"message":"Hello, World!"}` per request,
//!   `/plaintext` answers `Hello, World!` as `text/plain`;
//! - `/db` reads one random `World` row (id 1..=10,000) as
//!   `{"id":…,"randomNumber":…}`; `/queries?queries=N` reads N rows, one
//!   query each, N clamped to 1..=500 (missing or not a number: 1), as a
//!   JSON array;
//! - `/fortunes` reads the `Fortune` table, adds "Additional fortune added at
//!   request time." (id 0), sorts by message in code (no `ORDER BY`) and
//!   renders `templates/fortunes.html` (HTML-escaped, UTF-8, `text/html`);
//! - `/updates?queries=N` reads N rows one query each, gives each a new
//!   random number, writes them (one batched `UPDATE`, as TFB allows) and
//!   answers the updated rows.
//!
//! ```text
//! cargo run --release --example techempower                     # SQLite file ./techempower.db, on :8080
//! DATABASE_URL=postgres://benchmarkdbuser:benchmarkdbpass@tfb-database/hello_world \
//!   PORT=8080 cargo run --release --example techempower --features postgres
//! TWAIN_TFB_MODE=sync cargo run --release --example techempower # sync views with `Conn`
//! ```
//!
//! `DATABASE_URL` names the database (TFB's `hello_world` schema: `World`,
//! `Fortune`); when it is unset, a SQLite file `techempower.db` in the current
//! directory. Missing tables are created and filled on first run (`schema.rs`).
//! The default serves the database tests from async views over `Db`;
//! `TWAIN_TFB_MODE=sync` from sync views over `Conn`. `TWAIN_TFB_POOL` sets
//! the pool size (default 32). The server listens on 0.0.0.0:`PORT` (default
//! 8080), as TFB's containers need, and logs warnings and errors only unless
//! `RUST_LOG` says otherwise.

mod app;
mod schema;

use app::Mode;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var_os("RUST_LOG").is_none() {
        // SAFETY: no other thread runs yet (the runtime starts in `run`).
        unsafe { std::env::set_var("RUST_LOG", "warn") };
    }
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|_| format!("PORT={port:?} is not a port"))?,
        Err(_) => 8080,
    };
    let mode = match std::env::var("TWAIN_TFB_MODE").as_deref() {
        Ok("sync") => Mode::Sync,
        Ok("async") | Err(_) => Mode::Async,
        Ok(other) => return Err(format!("TWAIN_TFB_MODE={other:?}: say `sync` or `async`").into()),
    };
    let pool: u32 = match std::env::var("TWAIN_TFB_POOL") {
        Ok(n) => n
            .parse()
            .map_err(|_| format!("TWAIN_TFB_POOL={n:?} is not a number"))?,
        Err(_) => 32,
    };
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://techempower.db".into());
    let templates = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/techempower/templates"
    );
    app::app(
        mode,
        schema::database(&url).pool_size(pool),
        templates.as_ref(),
    )
    .run(format!("0.0.0.0:{port}"))?;
    Ok(())
}
