//! Builds the blog's `App`: the database (SQLite or PostgreSQL, by its
//! URL), sessions, templates, static files, the middleware and every route.
//! Tests build this same app against a database in a temp dir, or a schema
//! of their own on a PostgreSQL server (`tests/blog.rs`).

use std::path::{Path, PathBuf};

use twain::db::{Database, DbError, DbSessionStore};
use twain::middleware::csrf_protect;
use twain::ops::Prometheus;
use twain::prelude::*;
use twain::tower_http::services::ServeDir;
use twain::web::{CsrfConfig, Key, MultipartLimits, SessionConfig};

use crate::schema;
use crate::views::{api, articles, auth, export, live, media, ops};

/// Where the blog keeps its data.
#[derive(Clone)]
pub struct Config {
    /// The database's URL: `sqlite://blog.db` (a file) or
    /// `postgres://user:password@host/blog`.
    pub database: String,
    /// Uploaded images. Processes that share a database must share this
    /// folder too (a network or shared volume).
    pub media: PathBuf,
}

impl Config {
    /// The SQLite file at `path`, images in a folder beside it.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let media = path.with_extension("media");
        Config::at(format!("sqlite://{}", path.display()), media)
    }

    /// The database at `url` (PostgreSQL or SQLite), images in `media`.
    pub fn at(url: impl Into<String>, media: impl Into<PathBuf>) -> Self {
        Config {
            database: url.into(),
            media: media.into(),
        }
    }

    fn is_postgres(&self) -> bool {
        self.database.starts_with("postgres://") || self.database.starts_with("postgresql://")
    }
}

/// The folder of this example's files (templates, static), found from the
/// crate's root so `cargo run --example blog` works from the repository.
fn source_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/blog"))
}

/// Images may be at most this large (the upload answers 413 past it).
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// Opens (and migrates, and on a new database seeds) the database, then
/// builds the app on it.
#[routes] // checks every route against its view when this compiles
pub fn app(config: &Config) -> Result<App, DbError> {
    let mut database = Database::from_url(&config.database).migrations(schema::sqlite_migrations());
    if config.is_postgres() {
        database = database.postgres_migrations(schema::postgres_migrations());
    }
    // The metrics recorder first, so every route's metrics reach it.
    let prometheus = Prometheus::install().expect("no other metrics recorder in the blog");
    let db = database.open()?;
    let app = App::new()
        .state(prometheus)
        .state(db.clone())
        // Sessions in the database, on either backend: any process reads a
        // session another one wrote, and signing out ends it everywhere at
        // once. (The default signed-cookie store works across processes too,
        // with one TWAIN_SECRET_KEY, but a stolen cookie stays valid until
        // it expires.)
        .state(SessionConfig::new(DbSessionStore::new(db)))
        .templates(source_dir().join("templates"))
        .state(media::MediaDir {
            path: config.media.clone(),
        })
        .state(MultipartLimits::new().file_size(MAX_IMAGE_BYTES))
        // The API authenticates with a token header, not a cookie, so a
        // forged cross-site form cannot use it: no CSRF token needed there.
        .state(CsrfConfig::new().exempt("api/articles/"))
        .middleware(csrf_protect)
        .mount("static", ServeDir::new(source_dir().join("static")))
        .route("", articles::index)
        .route(
            "articles/new/",
            get(articles::new_form).post(articles::create).atomic(),
        )
        .route("articles/<int:id>/", articles::show)
        .route(
            "articles/<int:id>/edit/",
            get(articles::edit_form).post(articles::update).atomic(),
        )
        .route("articles/<int:id>/comments/", post(articles::post_comment))
        .route("media/<path:file>", get(media::serve))
        .route("login/", get(auth::login_form).post(auth::login))
        .route("logout/", post(auth::logout))
        .route("account/", get(auth::account))
        .route("api/articles/", get(api::list).post(api::create))
        .route("api/articles/<int:id>/", get(api::show))
        .route("export/articles.csv", get(export::articles_csv))
        .route("feed/", get(live::comments))
        .route("ws/comments/", get(live::comment_socket))
        .route("oops/", get(articles::oops))
        .route("metrics", get(ops::metrics));
    if std::env::var_os("TWAIN_SECRET_KEY").is_some() {
        return Ok(app); // twain reads the key from it
    }
    // A key for this run: the session cookie is signed with it, so sessions
    // end when the server restarts. Set TWAIN_SECRET_KEY (32+ bytes), the
    // same in every process, as a deployment must.
    Ok(app.secret_key(Key::generate()))
}
