//! A small publishing site, the app to read first: articles with comments
//! on SQLite, sign-in with a session, CSRF-protected forms to write and edit,
//! an image upload, a JSON API, a CSV export streamed from the database, a
//! live feed of new comments over server-sent events, static CSS, and 404 and
//! 500 pages from templates.
//!
//! ```text
//! cargo run --example blog                       # blog.db in the working directory, http://127.0.0.1:8000/
//! cargo run --example blog -- --db /tmp/blog.db  # or BLOG_DB=/tmp/blog.db
//! BLOG_ADDR=127.0.0.1:9000 cargo run --example blog
//! ```
//!
//! Where to look: `app.rs` builds the `App` (every route, and why each view
//! is sync or async); `schema.rs` has the tables and the first rows;
//! `views/` has the pages, the API, the export and the feed.
//! Set `TWAIN_SECRET_KEY` (32+ bytes) to keep sessions across restarts.

mod app;
mod auth;
mod feed;
mod models;
mod schema;
mod views;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = app::Config::new(database_path());
    let addr = std::env::var("BLOG_ADDR").unwrap_or_else(|_| "127.0.0.1:8000".to_owned());
    // The one start-up line: twain's "listening on" line, with this note.
    let note = format!(
        "blog on {}; sign in as {} / {}",
        config.database.display(),
        schema::DEMO_USER,
        schema::DEMO_PASSWORD,
    );
    app::app(&config).listening_note(note).run(addr.as_str())?;
    Ok(())
}

/// `--db PATH`, else `BLOG_DB`, else `blog.db` in the working directory.
fn database_path() -> PathBuf {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--db")
        && let Some(path) = args.get(at + 1)
    {
        return PathBuf::from(path);
    }
    std::env::var_os("BLOG_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("blog.db"))
}
