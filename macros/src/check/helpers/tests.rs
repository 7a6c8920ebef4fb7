//! Following calls into helpers, on one source file outlined in memory:
//! what is followed (and how the chain reads), and what is not.

use std::path::PathBuf;
use std::rc::Rc;

use crate::check::lints::{Context, check_async_fn, may_flag};
use crate::errors::Errors;
use crate::parse::source_file::{Origin, Outline};

/// The messages for the async view `v` of the file `src`.
fn flagged(src: &str) -> Vec<String> {
    let parsed: syn::File = syn::parse_str(src).expect("a file");
    let func = parsed
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident == "v" => Some(f.clone()),
            _ => None,
        })
        .expect("fn v");
    let outline = Rc::new(Outline::of_source(src).expect("outlines"));
    let index = outline.index_of("v", None).expect("v's module");
    let mut module = outline.module(index);
    module.origin = Some(Origin {
        path: PathBuf::from("no/such/dir/main.rs"),
        outline,
        module: index,
    });
    let mut errors = Errors::default();
    check_async_fn(
        &func,
        Some(&module),
        &Context::async_fn("view", &func.sig.ident),
        &mut errors,
    );
    let found: Vec<String> = match errors.finish() {
        Ok(()) => Vec::new(),
        Err(all) => all.into_iter().map(|e| e.to_string()).collect(),
    };
    let text = quote::ToTokens::to_token_stream(&func.block).to_string();
    assert!(
        found.is_empty() || may_flag(&text, Some(&module)),
        "{src}: flagged, but `may_flag` would skip it"
    );
    found
}

fn assert_chain(src: &str, chain: &str) {
    let found = flagged(src);
    assert_eq!(found.len(), 1, "{src}: {found:?}");
    assert!(found[0].contains(chain), "{src}: {found:?}");
}

#[test]
fn free_functions_are_followed_transitively() {
    assert_chain(
        "fn a() { b() }\nfn b() { std::thread::sleep(D) }\nasync fn v() { a() }",
        "`v` calls `a` (no/such/dir/main.rs:1), which calls `b` (no/such/dir/main.rs:2), which calls `std::thread::sleep`",
    );
}

#[test]
fn methods_through_self_constructors_and_fields() {
    let store = "struct Store { root: String }
impl Store {
    fn new() -> Self { Store { root: String::new() } }
    fn open(p: &str) -> Result<Store, E> { todo!() }
    fn load(&self) -> String { self.raw() }
    fn raw(&self) -> String { std::fs::read_to_string(&self.root).unwrap() }
}
struct AppState { store: Store }
";
    for body in [
        "async fn v() { Store::new().load() }",
        "async fn v() { let s = Store::new(); s.load() }",
        "async fn v() { let s = Store::open(\"x\")?; s.load() }",
        "async fn v(s: &Store) { s.load() }",
        "async fn v(state: State<AppState>) { state.store.load() }",
        "async fn v() { let s: Store = make(); s.load() }",
    ] {
        assert_chain(
            &format!("{store}{body}"),
            "calls `Store::load` (no/such/dir/main.rs:5), which calls `Store::raw` (no/such/dir/main.rs:6), which calls `std::fs::read_to_string`",
        );
    }
}

#[test]
fn inline_modules_imports_and_globs() {
    let util = "mod util { pub fn load() { std::fs::read(\"x\"); } pub mod deep { pub fn again() { super::load() } } }\n";
    for body in [
        "async fn v() { util::load() }",
        "async fn v() { crate::util::deep::again() }",
        "use crate::util::load as fetch;\nasync fn v() { fetch() }",
        "use util::deep::*;\nasync fn v() { again() }",
        "async fn v() { self::util::load() }",
    ] {
        let found = flagged(&format!("{util}{body}"));
        assert_eq!(found.len(), 1, "{body}: {found:?}");
        assert!(found[0].contains("`std::fs::read`"), "{found:?}");
    }
}

#[test]
fn not_followed_where_blocking_is_fine_or_unknown() {
    for src in [
        // handed to a sync thread
        "fn h() { std::thread::sleep(D) }\nasync fn v() { twain::sync_to_async(|cx| h()).await }",
        "fn h() { std::thread::sleep(D) }\nasync fn v() { tokio::task::spawn_blocking(h).await }",
        // the opt-out, on the function or its `impl`
        "#[twain::allow_blocking]\nfn h() { std::thread::sleep(D) }\nasync fn v() { h() }",
        "struct S;\n#[allow_blocking]\nimpl S { fn h() { std::thread::sleep(D) } }\nasync fn v() { S::h() }",
        // a sync-only function, or one taking the capability
        "#[sync_only]\nfn h(cx: Blocking) { std::thread::sleep(D) }\nasync fn v() { h(cx) }",
        "fn h(cx: twain::Blocking<'_>) { std::thread::sleep(D) }\nasync fn v() { h(cx) }",
        // a one-time set-up in a helper
        "fn h() -> &'static str { static S: OnceLock<String> = OnceLock::new(); S.get_or_init(|| std::fs::read_to_string(\"x\").unwrap()) }\nasync fn v() { h() }",
        // recursion that computes
        "fn a(n: u32) -> u32 { if n == 0 { 0 } else { b(n - 1) } }\nfn b(n: u32) -> u32 { a(n) }\nasync fn v() { a(3) }",
        // an own `sleep`, and a method of another type of the same name
        "fn sleep(d: u64) {}\nfn h() { sleep(1) }\nasync fn v() { h() }",
        "struct Disk; impl Disk { fn load(&self) { std::fs::read(\"x\"); } }\nstruct Mem; impl Mem { fn load(&self) {} }\nasync fn v(m: Mem) { m.load() }",
        // a method on a value of a type not the crate's, or a generic
        "fn h() { std::thread::sleep(D) }\nasync fn v(x: Other) { x.h() }",
        "async fn v<T: Load>() { T::load() }",
        // a nested function shadows the module's
        "fn h() { std::thread::sleep(D) }\nasync fn v() { fn h() {} h() }",
    ] {
        assert_eq!(flagged(src), Vec::<String>::new(), "{src}");
    }
}

#[test]
fn a_loop_with_a_blocking_call_in_it_is_found() {
    assert_chain(
        "fn a(n: u32) { if n > 0 { b(n) } }\nfn b(n: u32) { std::fs::remove_file(\"x\"); a(n - 1) }\nasync fn v() { a(2) }",
        "`v` calls `a` (no/such/dir/main.rs:1), which calls `b` (no/such/dir/main.rs:2), which calls `std::fs::remove_file`",
    );
}
