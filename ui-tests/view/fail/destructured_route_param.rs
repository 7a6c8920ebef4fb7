use twain::prelude::*;

struct Year(u32);

impl twain::FromParam for Year {
    fn from_param(value: &str) -> Option<Self> {
        value.parse().ok().map(Year)
    }
}

#[view]
fn archive(Year(year): Year) -> String {
    format!("{year}")
}

fn main() {}
