use twain::prelude::*;

mod db {
    use twain::Blocking;

    #[twain::sync_only]
    pub fn count_rows(cx: Blocking, table: &str) -> usize {
        let _ = cx;
        table.len()
    }

    /// A sync-only fn calling another with its own `cx`.
    #[twain::sync_only]
    pub fn count_twice<'a>(cx: Blocking<'a>, table: &'a str) -> (usize, &'a str) {
        (count_rows(cx, table) + count_rows(cx, table), table)
    }

    pub struct Db;

    impl Db {
        #[twain::sync_only]
        pub fn query(&self, mut _cx: twain::Blocking<'_>, sql: &str) -> usize {
            sql.len()
        }
    }
}

#[view]
fn rows(cx: Blocking) -> String {
    (db::count_rows(cx, "users") + db::count_twice(cx, "x").0 + db::Db.query(cx, "select")).to_string()
}

#[view]
async fn rows_async() -> Result<String, Error> {
    let n = twain::sync_to_async(|cx| db::count_rows(cx, "users")).await?;
    let m = twain::sync_to_async(|cx| twain::async_to_sync(cx, async { 2 })).await?;
    Ok((n + m).to_string())
}

fn main() {
    let client = twain::test::Client::new(App::new().route("a", rows).route("b", rows_async));
    assert_eq!(client.get("/a").text(), "13");
    assert_eq!(client.get("/b").text(), "7");
    assert_eq!(client.blocking(|cx| db::count_rows(cx, "abc")), 3);
}
