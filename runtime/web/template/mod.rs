//! Templates with minijinja: [`Templates`] (a folder loaded at start-up with
//! `App::templates`, reloaded on change in debug builds; `load.rs`), the
//! [`Template`] response, rendered as the response goes out (`render.rs`),
//! and the 404 / 500 / … pages made from templates named for their status
//! (`pages.rs`).

mod load;
mod pages;
mod render;

pub use load::Templates;
pub(crate) use load::load_templates;
pub(crate) use pages::error_page;
pub use render::Template;
pub(crate) use render::render_pending;
