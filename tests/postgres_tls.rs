//! TLS to PostgreSQL, set by the URL as in libpq, against the `.ci/postgres`
//! server: it has TLS on, with a certificate for `localhost` signed by a CA
//! whose file is `TWAIN_TEST_POSTGRES_CA` (`.ci/postgres` makes both, and
//! another CA, `other-ca.crt` beside it, that signed nothing). Both pools
//! (sync `Conn`, async `Db`) are checked to be encrypted; `verify-full`
//! refuses a wrong host name and an unknown CA, saying which. Skips like the
//! other PostgreSQL tests when no server (or no CA) is configured.

mod pg_common;

use std::path::PathBuf;

use twain::db::{Database, Db};

/// The test schema's URL, and the CA's file.
fn setup(test: &str) -> Option<(String, PathBuf)> {
    let url = pg_common::fresh_schema(test)?;
    match std::env::var_os("TWAIN_TEST_POSTGRES_CA") {
        Some(ca) => Some((url, PathBuf::from(ca))),
        None => {
            let required = std::env::var("TWAIN_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "TWAIN_REQUIRE_POSTGRES=1 but TWAIN_TEST_POSTGRES_CA is not set"
            );
            eprintln!("skipping {test}: TWAIN_TEST_POSTGRES_CA is not set (see .ci/postgres)");
            None
        }
    }
}

/// `url` with `host` as the name (still connecting to 127.0.0.1) and more
/// options.
fn with(url: &str, host: &str, options: &str) -> String {
    let url = url.replacen("@127.0.0.1:", &format!("@{host}:"), 1);
    format!("{url}&hostaddr=127.0.0.1&{options}")
}

fn open(url: &str) -> Result<Db, String> {
    let url = url.to_owned();
    // Opening blocks (the first connection, the migrations).
    std::thread::spawn(move || Database::from_url(&url).open().map_err(|e| e.to_string()))
        .join()
        .unwrap()
}

/// Whether the async pool's and the sync pool's connections are encrypted.
async fn encrypted(db: &Db) -> (bool, bool) {
    const SSL: &str = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
    let (async_,): (bool,) = db.query_one(SSL, ()).await.unwrap();
    let (sync,): (bool,) = db
        .run(|conn| conn.query_one::<(bool,)>(SSL, ()))
        .await
        .unwrap();
    (async_, sync)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sslmode_from_the_url_as_in_libpq() {
    let Some((url, ca)) = setup("tls") else {
        return;
    };
    let ca = ca.display().to_string();
    let other = PathBuf::from(&ca).with_file_name("other-ca.crt");
    let other = other.display().to_string();

    let plain = open(&with(&url, "127.0.0.1", "sslmode=disable")).unwrap();
    assert_eq!(encrypted(&plain).await, (false, false), "disable");
    let prefer = open(&url).unwrap();
    assert_eq!(
        encrypted(&prefer).await,
        (true, true),
        "prefer, the default"
    );
    let require = open(&with(&url, "127.0.0.1", "sslmode=require")).unwrap();
    assert_eq!(encrypted(&require).await, (true, true), "require");

    let full = with(
        &url,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let verified = open(&full).unwrap();
    assert_eq!(encrypted(&verified).await, (true, true), "verify-full");
    // verify-ca checks the CA, not the name.
    let by_ip = with(
        &url,
        "127.0.0.1",
        &format!("sslmode=verify-ca&sslrootcert={ca}"),
    );
    assert_eq!(encrypted(&open(&by_ip).unwrap()).await, (true, true));

    // The certificate names `localhost`, not 127.0.0.1.
    let wrong_name = open(&with(
        &url,
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .unwrap_err();
    assert!(
        wrong_name.contains("not valid for name") && wrong_name.contains("127.0.0.1"),
        "{wrong_name}"
    );
    // A CA that did not sign it.
    let unknown = open(&with(
        &url,
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={other}"),
    ))
    .unwrap_err();
    assert!(
        unknown.contains("not signed by the CA of sslrootcert"),
        "{unknown}"
    );
    let unknown = open(&with(
        &url,
        "localhost",
        &format!("sslmode=verify-ca&sslrootcert={other}"),
    ))
    .unwrap_err();
    assert!(unknown.contains("UnknownIssuer"), "{unknown}");
    // require with a CA checks it, as libpq does.
    let unknown = open(&with(
        &url,
        "localhost",
        &format!("sslmode=require&sslrootcert={other}"),
    ))
    .unwrap_err();
    assert!(unknown.contains("UnknownIssuer"), "{unknown}");

    let missing = open(&with(
        &url,
        "localhost",
        "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
    ))
    .unwrap_err();
    assert!(
        missing.contains("sslrootcert /nonexistent/ca.pem"),
        "{missing}"
    );
    let bad_mode = open(&with(&url, "localhost", "sslmode=strict")).unwrap_err();
    assert!(
        bad_mode.contains("sslmode=strict is not one of"),
        "{bad_mode}"
    );
}
