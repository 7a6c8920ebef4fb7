use twain::prelude::*;

#[view]
async fn ask() -> Result<String, Error> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line)
}

fn main() {}
