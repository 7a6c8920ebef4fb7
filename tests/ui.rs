//! Compile-time behaviour of the macros, driven by trybuild: every diagnostic
//! twain promises has a fail case with its `.stderr` snapshot, and every form
//! that must be accepted has a pass case. Regenerate snapshots with
//! `TRYBUILD=overwrite cargo test --test ui` and read the diff.

#[test]
fn view() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/view/pass/*.rs");
    t.compile_fail("ui-tests/view/fail/*.rs");
}

#[test]
fn middleware() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/middleware/pass/*.rs");
    t.compile_fail("ui-tests/middleware/fail/*.rs");
}

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

#[test]
fn db() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/db/pass/*.rs");
    t.compile_fail("ui-tests/db/fail/*.rs");
}

#[test]
fn routes() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/routes/pass/*.rs");
    t.compile_fail("ui-tests/routes/fail/*.rs");
}

#[test]
fn helpers() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/helpers/pass/*.rs");
    t.compile_fail("ui-tests/helpers/fail/*.rs");
}

#[test]
fn task() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/task/pass/*.rs");
    t.compile_fail("ui-tests/task/fail/*.rs");
}

#[test]
fn consumer() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/consumer/pass/*.rs");
    t.compile_fail("ui-tests/consumer/fail/*.rs");
}
