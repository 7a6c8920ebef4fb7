use twain::prelude::*;

#[view]
fn article(year: u32, slug: String) -> String {
    format!("{year}/{slug}")
}

mod views {
    use twain::prelude::*;

    #[view]
    pub async fn file(rest: std::path::PathBuf) -> String {
        rest.display().to_string()
    }
}

#[view]
fn index() -> Result<String, Error> {
    let a = uri!(article(slug = "hello world", year = 2024))?;
    let f = uri!(views::file(rest = "a/b.txt"))?;
    let home = uri!(index)?;
    Ok(format!("{a} {f} {home}"))
}

#[routes]
fn app() -> App {
    App::new()
        .route("", index)
        .route("articles/<int:year>/<str:slug>/", article)
        .route("files/<path:rest>", views::file)
}

fn main() {
    let _ = app();
    let paths = index().unwrap();
    assert_eq!(paths, "/articles/2024/hello%20world/ /files/a/b.txt /");
}
