//! A small publishing site, the app to read first: articles with comments
//! on SQLite or PostgreSQL, sign-in with a session, CSRF-protected forms to
//! write and edit, an image upload, a JSON API, a CSV export streamed from
//! the database, a live feed of new comments over server-sent events, static
//! CSS, and 404 and 500 pages from templates.
//!
//! ```text
//! cargo run --example blog                       # blog.db in the working directory, http://127.0.0.1:8000/
//! cargo run --example blog -- --db /tmp/blog.db  # or BLOG_DB=/tmp/blog.db
//! BLOG_ADDR=127.0.0.1:9000 cargo run --example blog
//! DATABASE_URL=postgres://blog:pw@127.0.0.1/blog cargo run --example blog   # PostgreSQL
//! ```
//!
//! Uploaded images go to `BLOG_MEDIA` (default: beside the `--db` file, or
//! `blog.media` in the working directory when `DATABASE_URL` is set).
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
    let config = config();
    let addr = std::env::var("BLOG_ADDR").unwrap_or_else(|_| "127.0.0.1:8000".to_owned());
    // The one start-up line: twain's "listening on" line, with this note.
    let note = format!(
        "blog on {}; sign in as {} / {}",
        without_password(&config.database),
        schema::DEMO_USER,
        schema::DEMO_PASSWORD,
    );
    let app = app::app(&config)?;
    app.listening_note(note).run(addr.as_str())?;
    Ok(())
}

/// The one setting that picks the database: `DATABASE_URL`
/// (`postgres://…`); unset, the SQLite file of `--db PATH`, else `BLOG_DB`,
/// else `blog.db` in the working directory. Images go to `BLOG_MEDIA`.
fn config() -> app::Config {
    let media = std::env::var_os("BLOG_MEDIA").map(PathBuf::from);
    if let Ok(url) = std::env::var(twain::db::DATABASE_URL) {
        let media = media.unwrap_or_else(|| PathBuf::from("blog.media"));
        return app::Config::at(url, media);
    }
    let mut config = app::Config::new(database_path());
    if let Some(media) = media {
        config.media = media;
    }
    config
}

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

/// `postgres://user:secret@host/db` as `postgres://user:…@host/db`, for the log.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:…@{host}")
        }
        _ => url.to_owned(),
    }
}
