//! **web** — cookies, sessions, CSRF, uploads and templates: what a first
//! real app needs on top of requests and responses, each a thin layer over
//! the ecosystem's crate (`cookie`, `multer`, `minijinja`), each the same from
//! sync and async views. The guide is `docs/web.md`; a whole site using them
//! is `cargo run --example login_upload`.
//!
//! ```
//! use twain::prelude::*;
//! use twain::middleware::csrf_protect;
//! use twain::web::{CsrfToken, Key, Session};
//!
//! #[view]
//! fn form(token: CsrfToken) -> Html<String> {
//!     Html(format!(r#"<form method="post">{}</form>"#, token.hidden_input()))
//! }
//!
//! #[view]
//! async fn visits(session: Session) -> Result<String, Error> {
//!     let n = session.get::<u64>("visits").unwrap_or(0) + 1;
//!     session.insert("visits", n)?;
//!     Ok(n.to_string())
//! }
//!
//! let app = App::new()
//!     .secret_key(Key::generate())       // or TWAIN_SECRET_KEY
//!     .middleware(csrf_protect)
//!     .route("form/", form)
//!     .route("visits/", visits);
//! # let _ = app;
//! ```
//!
//! Each part but the plain cookie jar is a cargo feature: `sessions` (the
//! secret key, signed and private cookies, sessions, CSRF, passwords),
//! `multipart`, `templates` (all in `full`).
//!
//! How it is built:
//! - `keys.rs`: the app's secret [`Key`] (`App::secret_key`, or the
//!   `TWAIN_SECRET_KEY` variable) that signs and encrypts cookies;
//! - `cookies.rs`: the [`Cookies`] jar (the `cookie` crate) with its signed and
//!   private sub-jars;
//! - `session/`: the [`Session`] extractor and the [`SessionStore`] trait, with
//!   a signed-cookie store (the default) and an in-memory store;
//! - `csrf.rs`: the CSRF token ([`CsrfToken`]) and the checks the
//!   `csrf_protect` middleware (`middleware/csrf.rs`) makes;
//! - `multipart/`: uploads with `multer`, streamed ([`Multipart`]) or spooled
//!   to temp files ([`MultipartForm`], [`UploadedFile`]);
//! - `template/`: minijinja templates ([`Templates`], the [`Template`]
//!   response, rendered right after the view by the handler) and the
//!   404/500 pages rendered from them;
//! - `password.rs`: [`password::hash`] and [`password::verify`] for sign-in
//!   forms (PBKDF2-HMAC-SHA256, Django's default);
//! - `finish.rs`: the one place a response is finished on its way out —
//!   session saved, cookie changes written as `Set-Cookie`, templates
//!   rendered, error pages applied. The app calls it around each request
//!   (`app/service.rs`, `app/request_future.rs`); no middleware is needed.
//!
//! The per-request state (the jar, the session) lives in one slot behind an
//! `Arc`, kept with the request's disconnect flag (`core/disconnect.rs`; in
//! its extensions for a request made outside an app), so sync views change it
//! on their sync thread and the finish step, which kept a handle, sees the
//! change.
//!
//! May use: `extract`, `respond`, `exec`, `core`, `routing`; `handler`
//! uses it (to render a view's template where the view ran). See `docs/architecture.md`.

mod cookies;
#[cfg(feature = "sessions")]
mod csrf;
mod finish;
#[cfg(feature = "sessions")]
mod keys;
#[cfg(feature = "multipart")]
mod multipart;
#[cfg(feature = "sessions")]
pub mod password;
#[cfg(feature = "sessions")]
mod session;
#[cfg(feature = "templates")]
mod template;
#[cfg(not(feature = "templates"))]
mod without_templates;

#[cfg(feature = "sessions")]
pub use cookie::Key;
pub use cookie::{Cookie, CookieBuilder, SameSite, time};
pub use cookies::Cookies;
#[cfg(feature = "sessions")]
pub use cookies::{PrivateCookies, SignedCookies};
#[cfg(feature = "sessions")]
pub(crate) use csrf::{CsrfCheck, check_request};
#[cfg(feature = "sessions")]
pub use csrf::{CsrfConfig, CsrfExempt, CsrfToken};
pub(crate) use finish::{Finish, Finished, WebApp, begin, finish};
#[cfg(feature = "sessions")]
pub(crate) use keys::SecretKey;
#[cfg(feature = "templates")]
pub use minijinja::context;
#[cfg(feature = "multipart")]
pub use multipart::{Field, Multipart, MultipartForm, MultipartLimits, UploadedFile};
#[cfg(feature = "sessions")]
pub use session::{
    CookieStore, MemoryStore, Session, SessionConfig, SessionRecord, SessionStore, StoreFuture,
};
#[cfg(feature = "templates")]
pub use template::{Template, Templates};
#[cfg(feature = "templates")]
pub(crate) use template::{ViewRendering, load_templates};
#[cfg(not(feature = "templates"))]
pub(crate) use without_templates::ViewRendering;
