use twain::prelude::*;

#[view]
fn member(user: u32) -> String {
    user.to_string()
}

#[routes]
fn blog() -> Routes {
    Routes::new().route("<int:user>/<slug:post>/", member)
}

fn main() {
    let _ = blog();
}
