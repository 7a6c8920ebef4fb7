use twain::prelude::*;

struct Config;

#[middleware]
fn configured(req: Request, next: SyncNext, cfg: State<Config>) -> Response {
    let _ = cfg;
    next.run(req)
}

fn main() {}
