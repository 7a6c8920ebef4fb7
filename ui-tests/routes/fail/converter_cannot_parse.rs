use twain::prelude::*;

#[view]
fn toggle(flag: bool) -> String {
    flag.to_string()
}

#[view]
fn by_key(key: u64) -> String {
    key.to_string()
}

#[routes]
fn app() -> App {
    App::new()
        .route("toggle/<int:flag>/", toggle)
        .route("keys/<uuid:key>/", by_key)
}

fn main() {
    let _ = app();
}
