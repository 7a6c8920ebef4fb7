use twain::prelude::*;

struct Db;

impl Db {
    #[sync_only]
    fn query(&self, _cx: Blocking, sql: &str) -> usize {
        sql.len()
    }
}

#[view]
async fn rows(req: Request) -> String {
    Db.query(&req, "select 1").to_string()
}

fn main() {}
