use twain::prelude::*;

#[view]
fn article(year: u32, slug: String) -> String {
    format!("{year}/{slug}")
}

#[view]
fn unrouted() -> &'static str {
    "not routed"
}

#[view]
fn index() -> Result<String, Error> {
    let a = uri!(article(yaer = 2024))?;
    let b = uri!(unrouted)?;
    Ok(a + &b)
}

#[routes]
fn app() -> App {
    App::new()
        .route("", index)
        .route("articles/<int:year>/<slug:slug>/", article)
}

fn main() {
    let _ = app();
}
