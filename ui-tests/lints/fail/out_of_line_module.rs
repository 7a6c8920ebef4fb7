#[path = "modules/views.rs"]
mod views;

fn main() {
    let _ = (views::settings, views::pause);
}
