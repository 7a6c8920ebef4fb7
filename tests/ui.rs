//! Compile-time diagnostics, checked with trybuild: each macro's `pass` cases
//! must compile, each `fail` case must fail with exactly its `.stderr`.
//! Regenerate snapshots with `TRYBUILD=overwrite cargo test --test ui`, then
//! read every one. The snapshots are pinned to this machine's rustc.

#[test]
fn sync_only() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/sync_only/pass/*.rs");
    t.compile_fail("ui-tests/sync_only/fail/*.rs");
}
