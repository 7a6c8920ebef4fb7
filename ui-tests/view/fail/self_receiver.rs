use twain::prelude::*;

struct Views;

impl Views {
    #[view]
    fn index(&self) -> &'static str {
        "hi"
    }
}

fn main() {}
