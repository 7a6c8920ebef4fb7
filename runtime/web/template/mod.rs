//! Templates with minijinja: [`Templates`] (a folder loaded at start-up with
//! `App::templates`, reloaded on change in debug builds; `load.rs`), the
//! [`Template`] response (`render.rs`), rendered where the view ran
//! (`at_view.rs`, applied by the handler) or else as the response goes out,
//! and the 404 / 500 / … pages made from templates named for their status
//! (`pages.rs`).

mod at_view;
mod load;
mod pages;
mod render;

pub(crate) use at_view::ViewRendering;
pub use load::Templates;
pub(crate) use load::load_templates;
pub(crate) use pages::error_page;
pub use render::Template;
pub(crate) use render::{is_pending, render_pending};
