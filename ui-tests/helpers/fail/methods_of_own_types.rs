use std::fs;
use twain::prelude::*;

pub struct Store {
    root: String,
}

impl Store {
    pub fn open(root: &str) -> Store {
        Store { root: root.to_owned() }
    }

    pub fn load(&self, key: &str) -> String {
        self.read_file(key)
    }

    fn read_file(&self, key: &str) -> String {
        fs::read_to_string(format!("{}/{key}", self.root)).unwrap_or_default()
    }

    pub fn size(path: &str) -> u64 {
        fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }
}

pub struct AppState {
    pub store: Store,
}

// `Type::f`
#[view]
async fn size() -> String {
    Store::size("data").to_string()
}

// a local of a known constructor, then a method calling another on `self`
#[view]
async fn load(key: String) -> String {
    let store = Store::open("data");
    store.load(&key)
}

// a field of the app's state
#[view]
async fn from_state(state: State<AppState>) -> String {
    state.store.load("index")
}

fn main() {
    let _ = (size, load, from_state);
}
