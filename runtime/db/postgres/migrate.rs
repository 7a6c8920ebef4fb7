//! The PostgreSQL migration runner: the app's list of migrations, applied in
//! order, each once, recorded in `twain_migrations (version, applied_at)`.
//! All of it runs in one transaction under an advisory lock, so several
//! processes starting at once apply each migration exactly once (the others
//! wait, then find nothing to do), and a migration that fails leaves the
//! schema as it was.

use std::borrow::Cow;

use crate::db::error::DbError;

/// The advisory lock's key: "twain" in ASCII.
const LOCK: i64 = 0x0074_7761_696e;

/// Applies the migrations `client`'s database has not seen yet; returns how
/// many it applied.
pub(crate) fn run(
    client: &mut postgres::Client,
    list: &[Cow<'static, str>],
) -> Result<usize, DbError> {
    let failed = |what: &str, err: postgres::Error| {
        let why = err
            .as_db_error()
            .map_or_else(|| err.to_string(), |db| db.message().to_owned());
        DbError::migration(format!("{what}: {why}"))
    };
    let mut tx = client.transaction().map_err(|e| failed("BEGIN", e))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
        .map_err(|e| failed("taking the migration lock", e))?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS twain_migrations (
             version INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .map_err(|e| failed("creating twain_migrations", e))?;
    let done: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM twain_migrations",
            &[],
        )
        .map_err(|e| failed("reading twain_migrations", e))?
        .get(0);
    let done = done as usize;
    if done > list.len() {
        return Err(DbError::migration(format!(
            "the database is at migration {done}, but this app knows only {}: is an older build running against a newer schema?",
            list.len()
        )));
    }
    for (i, sql) in list.iter().enumerate().skip(done) {
        let version = i as i32 + 1;
        tx.batch_execute(sql)
            .map_err(|e| failed(&format!("migration {version}"), e))?;
        tx.execute(
            "INSERT INTO twain_migrations (version) VALUES ($1)",
            &[&version],
        )
        .map_err(|e| failed("recording a migration", e))?;
    }
    tx.commit().map_err(|e| failed("COMMIT", e))?;
    Ok(list.len() - done)
}
