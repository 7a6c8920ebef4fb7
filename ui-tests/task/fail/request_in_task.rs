use twain::prelude::*;

#[task]
fn notify(req: Request, id: i64) -> i64 {
    let _ = req;
    id
}

fn main() {}
