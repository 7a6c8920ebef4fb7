//! Runs the harness in smoke mode (~25 s, needs `wrk`). Ignored by default so
//! `cargo test` stays fast and free of load; run it with
//! `cargo test --release -p twain-bench -- --ignored`.

use std::process::Command;

#[test]
#[ignore = "loads servers for ~25 s and needs wrk; run with --ignored"]
fn smoke_run_completes() {
    let output = Command::new(env!("CARGO_BIN_EXE_twain-bench"))
        .arg("--smoke")
        .output()
        .expect("the harness starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "smoke run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for case in [
        "1. Async hello",
        "2. Sync hello",
        "3. Mixed",
        "4. Isolation",
        "5. Memory",
        "7. Sync hand-off",
        "8. TechEmpower",
    ] {
        assert!(stdout.contains(case), "no `{case}` table in:\n{stdout}");
    }
}
