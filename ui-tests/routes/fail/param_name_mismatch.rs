use twain::prelude::*;

#[view]
fn article(ident: u32) -> String {
    format!("article {ident}")
}

#[routes]
fn app() -> App {
    App::new().route("articles/<int:id>/", article)
}

fn main() {
    let _ = app();
}
