use twain::prelude::*;

#[view]
async fn config() -> Result<String, Error> {
    let text = std::fs::read_to_string("Cargo.toml")?;
    Ok(text)
}

fn main() {}
