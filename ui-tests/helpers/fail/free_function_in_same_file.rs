use twain::prelude::*;

fn load_settings() -> String {
    std::fs::read_to_string("settings.json").unwrap_or_default()
}

#[view]
async fn settings() -> String {
    load_settings()
}

fn main() {
    let _ = settings;
}
