use twain::prelude::*;

#[view]
async fn archive(year: u32, month: u32) -> String {
    format!("{year}-{month}")
}

#[view]
fn index() -> &'static str {
    "index"
}

#[routes]
fn app() -> App {
    App::new()
        .route("archive/<int:year>/", archive)
        .route("<slug:page>/", get(index))
}

fn main() {
    let _ = app();
}
