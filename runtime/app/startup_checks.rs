//! Start-up checks of settings that build but cannot work well together:
//! each a warning with the numbers and the fix, logged once when the app is
//! built. Today: the database pool against the sync threads that use it.

use std::time::Duration;

use super::config::AppConfig;
use crate::core::StateMap;

/// Warns about the app's database pool (from `App::database`, or a `Db` given
/// as state) against `App::sync_threads`; returns the warnings (for tests).
pub(super) fn check(state: &StateMap, config: &AppConfig) -> Vec<String> {
    #[allow(unused_mut)] // pushed to only with a database
    let mut warnings = Vec::new();
    #[cfg(feature = "sqlite")]
    if let Some(db) = state.get::<crate::db::Db>() {
        let (size, wait) = db.pool_settings();
        warnings.extend(pool_against_threads(size, wait, config.sync_threads));
    }
    #[cfg(not(feature = "sqlite"))]
    let _ = (state, config);
    for warning in &warnings {
        tracing::warn!("{warning}");
    }
    warnings
}

/// The pool of `size` connections against `threads` sync threads.
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
fn pool_against_threads(size: u32, wait: Duration, threads: usize) -> Option<String> {
    let size_n = usize::try_from(size).unwrap_or(usize::MAX);
    if size_n > threads {
        return Some(format!(
            "the database pool allows {size} connections, but only {threads} sync threads (App::sync_threads) can hold one at a time: {} are never used by sync code; set Database::pool_size({threads}), or raise App::sync_threads to {size}",
            size_n - threads
        ));
    }
    if size_n * 2 < threads {
        return Some(format!(
            "{threads} sync threads (App::sync_threads) share {size} database connections: when more than {size} sync views query at once, the others hold their sync thread waiting up to {wait:?} (Database::checkout_wait) for a connection, and then answer 503; set Database::pool_size({threads}) if the database allows that many connections, or lower App::sync_threads to {}",
            size_n * 2
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_larger_than_the_threads_or_far_smaller_is_named_with_the_fix() {
        let wait = Duration::from_secs(5);
        let big = pool_against_threads(100, wait, 64).unwrap();
        assert!(big.contains("allows 100 connections"), "{big}");
        assert!(big.contains("only 64 sync threads"), "{big}");
        assert!(big.contains("36 are never used"), "{big}");
        assert!(big.contains("Database::pool_size(64)"), "{big}");
        let small = pool_against_threads(4, wait, 64).unwrap();
        assert!(small.contains("64 sync threads"), "{small}");
        assert!(small.contains("share 4 database connections"), "{small}");
        assert!(small.contains("up to 5s"), "{small}");
        assert!(small.contains("lower App::sync_threads to 8"), "{small}");
        // The defaults (32 connections, 64 threads) and a matched pool pass.
        assert_eq!(pool_against_threads(32, wait, 64), None);
        assert_eq!(pool_against_threads(64, wait, 64), None);
    }
}
