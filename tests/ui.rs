//! Compile-time diagnostics, checked with trybuild: each macro's `pass` cases
//! must compile, each `fail` case must fail with exactly its `.stderr`.
//! Regenerate snapshots with `TRYBUILD=overwrite cargo test --test ui`, then
//! read every one. The snapshots are pinned to this machine's rustc.

#[test]
fn lints() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/lints/pass/*.rs");
    t.compile_fail("ui-tests/lints/fail/*.rs");
}

#[test]
fn sync_only() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/sync_only/pass/*.rs");
    t.compile_fail("ui-tests/sync_only/fail/*.rs");
}

#[test]
fn send() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/send/pass/*.rs");
    t.compile_fail("ui-tests/send/fail/*.rs");
}
