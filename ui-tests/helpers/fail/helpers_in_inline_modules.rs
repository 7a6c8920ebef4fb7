use twain::prelude::*;

mod util {
    pub fn load(name: &str) -> Vec<u8> {
        std::fs::read(name).unwrap_or_default()
    }

    pub mod deeper {
        pub fn reload() -> usize {
            super::load("settings").len()
        }
    }
}

mod views {
    use super::*;
    use crate::util::deeper::reload;

    // `super::` and an import from the crate
    #[view]
    pub async fn refresh() -> String {
        let first = super::util::load("a").len();
        format!("{first} {}", reload())
    }
}

// a path through the module
#[view]
async fn raw() -> Vec<u8> {
    util::load("raw.bin")
}

fn main() {
    let _ = (raw, views::refresh);
}
