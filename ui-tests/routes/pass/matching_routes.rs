use std::path::PathBuf;
use twain::prelude::*;

#[view]
fn article(id: u32) -> String {
    format!("article {id}")
}

#[view]
async fn archive(year: i32, slug: String) -> String {
    format!("{year}/{slug}")
}

#[view]
fn file(rest: PathBuf, q: Query<std::collections::HashMap<String, String>>) -> String {
    format!("{} {}", rest.display(), q.0.len())
}

#[view]
fn flag(on: bool) -> String {
    on.to_string()
}

#[view]
fn show(req: &Request, id: u64) -> String {
    format!("{} {id}", req.path())
}

#[view]
fn update(id: u64) -> &'static str {
    let _ = id;
    "updated"
}

#[view]
fn member(team: u32, user: u32) -> String {
    format!("{team}/{user}")
}

mod views {
    use twain::prelude::*;

    #[view]
    pub fn index() -> &'static str {
        "index"
    }
}

#[routes]
fn app() -> App {
    // A method router held in a variable is checked when the app is built.
    let things = get(show).post(update);
    App::new()
        .route("more-things/<int:id>/", things)
        .route("", views::index)
        .route("articles/<int:id>/", article)
        .name("article")
        .route("archive/<int:year>/<slug:slug>/", archive)
        .route("files/<path:rest>", file)
        .route("flags/<on>/", flag)
        .route("things/<int:id>/", get(show).post(update))
        // In a group, `team` comes from the prefix it is included under.
        .include("teams/<int:team>/", Routes::new().route("<int:user>/", member))
}

fn main() {
    let _ = app();
}
