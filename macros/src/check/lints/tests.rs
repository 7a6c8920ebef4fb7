//! The lint walk on bodies parsed from source: what is flagged and what is not,
//! for the paths the UI suite cannot build (crates twain does not depend on).

use super::{Context, check_async_body};
use crate::errors::Errors;

/// The messages reported for the body of `async fn` source `src`.
fn flagged(body: &str) -> Vec<String> {
    let block: syn::Block = syn::parse_str(body).expect("a block");
    let name = syn::Ident::new("v", proc_macro2::Span::call_site());
    let mut errors = Errors::default();
    check_async_body(&block, &Context::async_fn("view", &name), &mut errors);
    let found: Vec<String> = match errors.finish() {
        Ok(()) => Vec::new(),
        Err(all) => all.into_iter().map(|e| e.to_string()).collect(),
    };
    // The text test run before the walk lets every flagged body through.
    let text = quote::ToTokens::to_token_stream(&block).to_string();
    assert!(
        found.is_empty() || super::may_flag(&text, None),
        "{body}: flagged, but `may_flag` would skip it"
    );
    found
}

fn assert_flags(body: &str, path: &str) {
    let found = flagged(body);
    assert_eq!(found.len(), 1, "{body}: {found:?}");
    assert!(found[0].contains(&format!("`{path}`")), "{body}: {found:?}");
}

#[test]
fn flags_executors_and_blocking_clients_by_full_and_imported_path() {
    assert_flags(
        "{ futures::executor::block_on(f) }",
        "futures::executor::block_on",
    );
    assert_flags(
        "{ use futures::executor; executor::block_on(f) }",
        "futures::executor::block_on",
    );
    assert_flags(
        "{ use futures::executor::block_on as wait; wait(f) }",
        "futures::executor::block_on",
    );
    assert_flags(
        "{ tokio::runtime::Handle::block_on(&h, f) }",
        "tokio::runtime::Handle::block_on",
    );
    assert_flags("{ reqwest::blocking::get(url) }", "reqwest::blocking::get");
    assert_flags(
        "{ use reqwest::blocking; blocking::Client::new() }",
        "reqwest::blocking::Client::new",
    );
    assert_flags("{ ::std::thread::sleep(d) }", "std::thread::sleep");
    assert_flags(
        "{ use std::fs::{self as filesystem}; filesystem::write(p, b) }",
        "std::fs::write",
    );
    assert_flags(
        "{ let rt = tokio::runtime::Runtime::new().unwrap(); rt.block_on(f) }",
        "tokio::runtime::Runtime::block_on",
    );
    assert_flags(
        "{ tokio::runtime::Handle::current().block_on(f) }",
        "tokio::runtime::Handle::block_on",
    );
    assert_flags(
        "{ let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?; rt.block_on(f) }",
        "tokio::runtime::Runtime::block_on",
    );
    assert_flags(
        "{ let mut git = std::process::Command::new(\"git\"); git.args([\"log\"]); git.output() }",
        "std::process::Command::output",
    );
    assert_flags(
        "{ let mut c = std::process::Command::new(\"x\"); let child = c.spawn()?; child.wait_with_output() }",
        "std::process::Child::wait_with_output",
    );
    assert_flags(
        "{ std::path::Path::new(p).exists() }",
        "std::path::Path::exists",
    );
    assert_flags(
        "{ use std::path::PathBuf; let p = PathBuf::from(x).join(\"a\"); p.is_file() }",
        "std::path::Path::is_file",
    );
    assert_flags(
        "{ use std::path::Path; let p: &Path = x.as_ref(); p.metadata() }",
        "std::path::Path::metadata",
    );
    assert_flags(
        "{ let nap = std::thread::sleep; nap(d) }",
        "std::thread::sleep",
    );
    assert_flags(
        "{ use std::fs::OpenOptions; OpenOptions::new().append(true).open(p)? }",
        "std::fs::OpenOptions::open",
    );
    assert_flags(
        "{ std::fs::File::options().read(true).open(p) }",
        "std::fs::OpenOptions::open",
    );
    assert_flags(
        "{ use std::net::*; TcpStream::connect(a) }",
        "std::net::TcpStream::connect",
    );
    assert_flags("{ use std::*; thread::sleep(d) }", "std::thread::sleep");
    assert_flags(
        "{ use std::process::*; Command::new(\"x\").output() }",
        "std::process::Command::output",
    );
    assert_flags(
        "{ std::process::Command::new(\"x\").spawn()?.wait() }",
        "std::process::Child::wait",
    );
    assert_flags(
        "{ use twain::async_to_sync; async_to_sync(cx, f) }",
        "twain::async_to_sync",
    );
}

#[test]
fn leaves_alone_what_does_not_block_the_executor() {
    for body in [
        "{ tokio::time::sleep(d).await }",
        "{ thread::sleep(d) }", // module-level imports are not guessed at
        "{ sleep(d) }",
        "{ use crate::thread::sleep; sleep(d) }",
        "{ use self::fs; fs::read(p) }",
        "{ std::fs::OpenOptions::new(); std::fs::File::options() }",
        "{ twain::sync_to_async(move |cx| std::fs::read(p)).await }",
        "{ db.run(move |conn| std::fs::read(p)).await }",
        "{ let job = || std::thread::sleep(d); tokio::task::spawn_blocking(job).await }",
        "{ fn helper() { std::thread::sleep(d) } }",
        "{ let f = std::thread::sleep; }",
        "{ my::process::Command::new(\"x\").output() }",
        "{ stringify!(std::thread::sleep(d)) }",
        "{ use std::thread::sleep; let sleep = |d| async {}; sleep(d).await }",
        "{ use std::thread::*; let (sleep, _) = (my_sleep, 1); sleep(d) }",
        "{ let nap = std::thread::sleep; twain::sync_to_async(move |_| nap(d)).await }",
        "{ use std::net::*; Ipv4Addr::new(127, 0, 0, 1) }",
        "{ tokio::fs::OpenOptions::new().read(true).open(p).await }",
        "{ pool.get().await?.interact(|conn| std::fs::read(p)).await }",
        "{ std::process::Command::new(\"x\").spawn() }",
        "{ rt.block_on(f) }", // a receiver of unknown type is not judged
        "{ calendar.block_on(&day).await }",
        "{ let rt = tokio::runtime::Runtime::new()?; rt.block_on(f).await }",
        "{ let store = Store::new(); store.block_on(k) }",
        "{ let mut git = std::process::Command::new(\"git\"); let git = Git; git.output() }",
        "{ let p = std::path::Path::new(x); p.display() }",
        "{ exists(p); path.exists() }",
        "{ let path = tokio::fs::metadata(p).await?; path.is_file() }",
    ] {
        assert_eq!(flagged(body), Vec::<String>::new(), "{body}");
    }
}

#[test]
fn a_use_only_reaches_its_own_block() {
    let body = "{ { use std::thread::sleep; } sleep(d) }";
    assert_eq!(flagged(body), Vec::<String>::new());
    assert_flags(
        "{ use std::thread::sleep; { sleep(d) } }",
        "std::thread::sleep",
    );
}

/// The messages for the view `v` in the module source `file` (which must
/// hold `fn v`), with the module's imports and items in scope.
fn flagged_in_file(file: &str) -> Vec<String> {
    let parsed: syn::File = syn::parse_str(file).expect("a file");
    let func = find_fn(&parsed.items).expect("fn v in the file");
    let module = crate::parse::source_file::Outline::of_source(file)
        .expect("the file outlines")
        .module_of("v", None);
    let mut errors = Errors::default();
    let name = func.sig.ident.clone();
    super::check_async_fn(
        &func,
        module.as_ref(),
        &Context::async_fn("view", &name),
        &mut errors,
    );
    let found: Vec<String> = match errors.finish() {
        Ok(()) => Vec::new(),
        Err(all) => all.into_iter().map(|e| e.to_string()).collect(),
    };
    // The text test run before the walk lets every flagged body through.
    let text = quote::ToTokens::to_token_stream(&func.block).to_string();
    assert!(
        found.is_empty() || super::may_flag(&text, module.as_ref()),
        "{file}: flagged, but `may_flag` would skip it"
    );
    found
}

fn find_fn(items: &[syn::Item]) -> Option<syn::ItemFn> {
    items.iter().find_map(|item| match item {
        syn::Item::Fn(f) if f.sig.ident == "v" => Some(f.clone()),
        syn::Item::Mod(m) => m.content.as_ref().and_then(|(_, items)| find_fn(items)),
        _ => None,
    })
}

fn assert_file_flags(file: &str, paths: &[&str]) {
    let found = flagged_in_file(file);
    assert_eq!(found.len(), paths.len(), "{file}: {found:?}");
    for (message, path) in found.iter().zip(paths) {
        assert!(message.contains(&format!("`{path}`")), "{file}: {found:?}");
    }
}

#[test]
fn module_level_imports_are_seen() {
    assert_file_flags(
        "use std::fs; async fn v() { fs::read_to_string(p); }",
        &["std::fs::read_to_string"],
    );
    assert_file_flags(
        "use std::thread; use std::fs::File; async fn v() { thread::sleep(d); File::open(p); }",
        &["std::thread::sleep", "std::fs::File::open"],
    );
    assert_file_flags(
        "use std::fs::read_to_string as rd; async fn v() { rd(p); }",
        &["std::fs::read_to_string"],
    );
    assert_file_flags(
        "use std::{fs, thread}; async fn v() { fs::write(p, b); thread::sleep(d); }",
        &["std::fs::write", "std::thread::sleep"],
    );
    assert_file_flags(
        "use std::fs::*; async fn v() { read(p); }",
        &["std::fs::read"],
    );
    assert_file_flags(
        "use std::process::Command; async fn v() { let mut git = Command::new(\"git\"); git.arg(\"log\"); git.output(); }",
        &["std::process::Command::output"],
    );
    assert_file_flags(
        "use std::path::PathBuf; async fn v(rest: PathBuf) { rest.exists(); }",
        &["std::path::Path::exists"],
    );
}

#[test]
fn the_users_own_names_are_not_std() {
    for file in [
        "mod fs { pub fn read_to_string(_: &str) {} } async fn v() { fs::read_to_string(p); }",
        "mod thread { pub fn sleep(_: u64) {} } async fn v() { thread::sleep(1); }",
        "use std::thread::*; fn sleep(_: u64) {} async fn v() { sleep(1); }",
        "use std::fs::*; struct File; impl File { fn open(_: &str) {} } async fn v() { File::open(p); }",
        "use crate::helpers::sleep; use std::thread::*; async fn v() { sleep(1); }",
        "use std::fs; async fn v(fs: Store) { fs::read(p); }",
        "use std::path::PathBuf; struct Calendar; async fn v(path: Calendar) { path.exists(); }",
        "use std::thread; mod inner { async fn v() { thread::sleep(d); } }",
        "mod inner { use std::thread; } async fn v() { thread::sleep(d); }",
    ] {
        assert_eq!(flagged_in_file(file), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn inline_modules_have_their_own_imports() {
    assert_file_flags(
        "mod views { use std::thread; async fn v() { thread::sleep(d); } }",
        &["std::thread::sleep"],
    );
    assert_file_flags(
        "use std::thread; mod views { use super::*; async fn v() { thread::sleep(d); } }",
        &["std::thread::sleep"],
    );
    assert_file_flags(
        "use std::thread; mod views { use super::*; mod thread { pub fn sleep() {} } async fn v() { thread::sleep(); } }",
        &[],
    );
}

#[test]
fn function_level_imports_still_count_beside_module_ones() {
    assert_file_flags(
        "use std::time::Duration; use twain::prelude::*; async fn v() { use std::thread::sleep as nap; nap(Duration::from_millis(10)); }",
        &["std::thread::sleep"],
    );
}

#[test]
fn chained_imports_are_followed_to_the_path_they_name() {
    assert_file_flags(
        "use std::fs; use fs::File; async fn v() { File::open(p); }",
        &["std::fs::File::open"],
    );
    assert_file_flags(
        "use std::thread; async fn v() { use thread::sleep as nap; nap(d); }",
        &["std::thread::sleep"],
    );
    assert_file_flags(
        "use std::thread; use thread::*; async fn v() { sleep(d); }",
        &["std::thread::sleep"],
    );
    // A chain that starts from the user's own module is theirs.
    assert_file_flags(
        "mod fs { pub struct File; impl File { pub fn open(_: u8) {} } } use fs::File; async fn v() { File::open(1); }",
        &[],
    );
}

#[test]
fn waiting_on_threads_and_std_channels_is_flagged() {
    assert_flags(
        "{ std::thread::spawn(|| 1).join() }",
        "std::thread::JoinHandle::join",
    );
    assert_flags(
        "{ let worker = std::thread::Builder::new().name(n).spawn(job)?; worker.join() }",
        "std::thread::JoinHandle::join",
    );
    // The scope waits for its threads; what they run is off the executor.
    assert_flags(
        "{ std::thread::scope(|s| { s.spawn(|| std::thread::sleep(d)); }) }",
        "std::thread::scope",
    );
    assert_flags(
        "{ use std::sync::mpsc; let (tx, rx) = mpsc::channel(); tx.send(1); rx.recv() }",
        "std::sync::mpsc::Receiver::recv",
    );
    assert_flags(
        "{ let (tx, _rx) = std::sync::mpsc::sync_channel(1); tx.send(1) }",
        "std::sync::mpsc::SyncSender::send",
    );
    // Starting a thread and not waiting for it does not block; neither does
    // a non-blocking receive or a tokio channel.
    for body in [
        "{ std::thread::spawn(move || work()); }",
        "{ let (tx, rx) = std::sync::mpsc::channel(); tx.send(1); rx.try_recv() }",
        "{ let (tx, mut rx) = tokio::sync::mpsc::channel(1); rx.recv() }",
    ] {
        assert_eq!(flagged(body), Vec::<String>::new(), "{body}");
    }
}

#[test]
fn sync_database_clients_and_blocking_http_clients_are_flagged() {
    assert_flags(
        "{ rusqlite::Connection::open(path) }",
        "rusqlite::Connection::open",
    );
    assert_flags(
        "{ use postgres::{Client, NoTls}; Client::connect(url, NoTls) }",
        "postgres::Client::connect",
    );
    assert_flags("{ ureq::get(url).call() }", "ureq::get");
    assert_eq!(
        flagged_in_file("async fn v(conn: &rusqlite::Connection) { conn.execute(sql, []); }").len(),
        1
    );
}

#[test]
fn twains_reexports_name_the_crates_they_reexport() {
    assert_flags(
        "{ twain::futures::executor::block_on(f) }",
        "futures::executor::block_on",
    );
    assert_flags(
        "{ use twain::tokio::runtime::Handle; Handle::current().block_on(f) }",
        "tokio::runtime::Handle::block_on",
    );
    assert_flags(
        "{ twain::db::rusqlite::Connection::open_in_memory() }",
        "rusqlite::Connection::open_in_memory",
    );
}
