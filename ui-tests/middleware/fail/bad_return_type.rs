use twain::prelude::*;

#[middleware]
fn counts(req: Request, next: SyncNext) -> u64 {
    let _ = next.run(req);
    1
}

fn main() {}
