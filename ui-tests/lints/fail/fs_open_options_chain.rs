use std::io::Write;
use twain::prelude::*;

#[view]
async fn log(line: String) -> Result<&'static str, Error> {
    use std::fs::OpenOptions;
    let mut file = OpenOptions::new().append(true).create(true).open("access.log")?;
    writeln!(file, "{line}")?;
    Ok("logged")
}

fn main() {}
