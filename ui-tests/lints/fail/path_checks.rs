use std::path::{Path, PathBuf};
use twain::prelude::*;

#[view]
async fn exists() -> String {
    let found = Path::new("static/app.css").exists();
    format!("{found}")
}

#[view]
async fn kind(name: String) -> String {
    let path = PathBuf::from("uploads").join(&name);
    if path.is_file() {
        "file".into()
    } else if path.is_dir() {
        "dir".into()
    } else {
        format!("{:?}", path.metadata().is_ok())
    }
}

#[view]
async fn listing() -> String {
    let root: &Path = Path::new("static");
    format!("{:?} {:?}", root.canonicalize().is_ok(), root.read_dir().is_ok())
}

fn main() {}
