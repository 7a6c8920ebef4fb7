use twain::prelude::*;

#[view]
fn article(id: u32) -> String {
    format!("article {id}")
}

#[routes]
fn app() -> App {
    App::new()
        .route("/articles/<int:id>/", article)
        .route("articles/<float:id>/", article)
}

fn main() {
    let _ = app();
}
