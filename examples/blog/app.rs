//! Builds the blog's `App`: the database, templates, static files, the
//! middleware and every route. Tests build this same app against a database
//! in a temp dir (`tests/blog.rs`).

use std::path::{Path, PathBuf};

use twain::db::Database;
use twain::middleware::csrf_protect;
use twain::prelude::*;
use twain::tower_http::services::ServeDir;
use twain::web::{CsrfConfig, Key, MultipartLimits};

use crate::feed::Feed;
use crate::schema;
use crate::views::{api, articles, auth, export, live, media};

/// Where the blog keeps its data.
#[derive(Clone)]
pub struct Config {
    /// The SQLite file.
    pub database: PathBuf,
    /// Uploaded images, in a folder beside the database.
    pub media: PathBuf,
}

impl Config {
    pub fn new(database: impl Into<PathBuf>) -> Self {
        let database = database.into();
        let media = database.with_extension("media");
        Config { database, media }
    }
}

/// The folder of this example's files (templates, static), found from the
/// crate's root so `cargo run --example blog` works from the repository.
fn source_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/blog"))
}

/// Images may be at most this large (the upload answers 413 past it).
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

#[routes] // checks every route against its view when this compiles
pub fn app(config: &Config) -> App {
    let database = Database::sqlite(&config.database).migrations(schema::migrations());
    let app = App::new()
        .database(database)
        .templates(source_dir().join("templates"))
        .state(media::MediaDir {
            path: config.media.clone(),
        })
        .state(Feed::new())
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
        .route("oops/", get(articles::oops));
    if std::env::var_os("TWAIN_SECRET_KEY").is_some() {
        return app; // twain reads the key from it
    }
    // A key for this run: sessions end when the server restarts. Set
    // TWAIN_SECRET_KEY (32+ bytes) to keep them, as a deployment must.
    app.secret_key(Key::generate())
}
