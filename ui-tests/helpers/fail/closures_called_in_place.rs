use twain::prelude::*;

fn read_one(name: &String) -> usize {
    std::fs::read(name).map(|b| b.len()).unwrap_or(0)
}

fn total(names: &[String]) -> usize {
    names.iter().map(|n| read_one(n)).sum()
}

// the helper called inside a closure that runs in place, in the view
#[view]
async fn sizes(names: Json<Vec<String>>) -> String {
    let sizes: Vec<usize> = names.0.iter().map(|n| read_one(n)).collect();
    format!("{sizes:?}")
}

// ... given by name to `map`, and inside a helper's closure
#[view]
async fn by_name(names: Json<Vec<String>>) -> String {
    let lens: Vec<usize> = names.0.iter().map(read_one).collect();
    format!("{lens:?} {}", total(&names.0))
}

fn main() {
    let _ = (sizes, by_name);
}
