//! The trybuild driver: one test per macro, each compiling the cases of
//! `ui-tests/<macro>/pass` (must build) and `ui-tests/<macro>/fail` (must fail
//! with exactly the `.stderr` next to them). `TRYBUILD=overwrite cargo test
//! --test ui` regenerates the snapshots; read each one before committing.

#[test]
fn middleware() {
    let t = trybuild::TestCases::new();
    t.pass("ui-tests/middleware/pass/*.rs");
    t.compile_fail("ui-tests/middleware/fail/*.rs");
}
