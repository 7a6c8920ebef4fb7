//! A module file given by `#[path]` in `helpers_in_module_files.rs`.

pub fn cache_dir() -> std::path::PathBuf {
    std::fs::canonicalize(".cache").unwrap_or_default()
}
