use std::io::Read;
use twain::prelude::*;

#[view]
async fn config() -> Result<String, Error> {
    use std::fs::File;
    let mut text = String::new();
    File::open("Cargo.toml")?.read_to_string(&mut text)?;
    Ok(text)
}

fn main() {}
