use twain::prelude::*;

fn read_template(name: &str) -> String {
    std::fs::read_to_string(name).unwrap_or_default()
}

fn render(name: &str) -> String {
    read_template(name).to_uppercase()
}

#[task]
async fn send_digest(user_id: i64) -> usize {
    let body = render("digest.txt");
    body.len() + user_id as usize
}

fn main() {}
