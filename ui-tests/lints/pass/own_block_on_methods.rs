use twain::prelude::*;

struct Day;
struct Calendar;
impl Calendar {
    /// An async method that happens to be called `block_on`.
    async fn block_on(&self, _day: &Day) -> bool {
        true
    }
}

struct Store;
impl Store {
    /// A cheap, sync, non-blocking lookup called `block_on`.
    fn block_on(&self, key: u32) -> u32 {
        key
    }
}

#[view]
async fn busy() -> String {
    let calendar = Calendar;
    let busy = calendar.block_on(&Day).await;
    let store = Store;
    let n = store.block_on(7);
    format!("{busy} {n}")
}

#[view]
async fn paths(name: String) -> String {
    // A path is only built and shown: nothing touches the filesystem.
    let path = std::path::PathBuf::from("uploads").join(&name);
    let exists = tokio::fs::try_exists(&path).await.unwrap_or(false);
    format!("{} {exists}", path.display())
}

#[view]
async fn command() -> String {
    let mut ls = tokio::process::Command::new("ls");
    ls.arg("-l");
    let out = ls.output().await.map(|o| o.status.success());
    format!("{out:?}")
}

fn main() {}
