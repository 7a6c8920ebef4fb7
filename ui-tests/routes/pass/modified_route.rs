use twain::prelude::*;
use twain::tower::layer::util::Identity;

#[view]
fn edit(id: i64) -> String {
    format!("edit {id}")
}

#[routes]
fn app() -> App {
    App::new()
        .route("articles/<int:id>/edit/", get(edit).post(edit).atomic())
        .route("articles/<int:id>/", get(edit).layer(Identity::new()))
}

fn main() {
    let _ = app();
}
