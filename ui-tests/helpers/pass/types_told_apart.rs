use twain::prelude::*;

/// Two types with a method `load`: only `Disk`'s blocks, and the view
/// holds a `Memory`.
struct Disk;
impl Disk {
    fn load(&self) -> String {
        std::fs::read_to_string("data").unwrap_or_default()
    }
}

#[derive(Clone)]
struct Memory {
    value: String,
}
impl Memory {
    fn load(&self) -> String {
        self.value.clone()
    }
}

struct AppState {
    memory: Memory,
}

#[view]
async fn from_memory(state: State<AppState>) -> String {
    let memory = state.memory.clone();
    format!("{}{}", memory.load(), state.memory.load())
}

// A sync-only helper is called with a capability, in sync code only.
#[sync_only]
fn count(cx: Blocking, disk: &Disk) -> usize {
    let _ = cx;
    disk.load().len()
}

#[view]
async fn counted() -> Result<String, Error> {
    let n = twain::sync_to_async(|cx| count(cx, &Disk)).await?;
    Ok(n.to_string())
}

fn main() {
    let _ = (from_memory, counted);
}
