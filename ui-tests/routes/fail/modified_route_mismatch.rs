use twain::prelude::*;
use twain::tower::layer::util::Identity;

#[view]
fn edit(ident: i64) -> String {
    format!("edit {ident}")
}

#[view]
fn show(ident: i64) -> String {
    format!("show {ident}")
}

// A route whose method router is made atomic or given a layer is checked
// like a plain one.
#[routes]
fn app() -> App {
    App::new()
        .route("articles/<int:id>/edit/", get(edit).post(edit).atomic())
        .route("articles/<int:id>/", get(show).layer(Identity::new()))
}

fn main() {
    let _ = app();
}
