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
    match errors.finish() {
        Ok(()) => Vec::new(),
        Err(all) => all.into_iter().map(|e| e.to_string()).collect(),
    }
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
    assert_flags("{ rt.block_on(f) }", "block_on");
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
        "{ std::thread::scope(|s| { s.spawn(|| std::thread::sleep(d)); }) }",
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
