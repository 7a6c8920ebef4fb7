//! The app's secret [`Key`]: what signs and encrypts cookies (the signed and
//! private jars, the cookie session store, the CSRF cookie).
//!
//! Where it comes from, first found wins:
//! 1. `App::secret_key(key)`;
//! 2. the `TWAIN_SECRET_KEY` environment variable, read once per process: a
//!    string of at least 32 bytes from which the key is derived (HKDF);
//! 3. a key generated at random for this process. Nothing signed with it
//!    survives a restart or is understood by another process, so the first
//!    use logs a warning in debug builds and an error in release builds.

use std::sync::OnceLock;

use cookie::Key;

/// The key registered with `App::secret_key`, kept in the app's state.
pub(crate) struct SecretKey(pub(crate) Key);

/// The environment variable a key is derived from.
const ENV: &str = "TWAIN_SECRET_KEY";

/// The process-wide key: from `TWAIN_SECRET_KEY`, else generated (and the
/// first use says so).
pub(crate) fn process_key() -> &'static Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(|| match std::env::var(ENV) {
        Ok(master) if master.len() >= 32 => Key::derive_from(master.as_bytes()),
        Ok(_) => {
            tracing::error!(
                "{ENV} is shorter than 32 bytes, so it is not used: a random key signs cookies and sessions until the process exits"
            );
            Key::generate()
        }
        Err(_) => {
            let message = "no secret key: set App::secret_key(twain::web::Key::generate()) or the TWAIN_SECRET_KEY environment variable (at least 32 bytes); until then a random key signs cookies, sessions and CSRF tokens, and they do not survive a restart";
            if cfg!(debug_assertions) {
                tracing::warn!("{message}");
            } else {
                tracing::error!("{message}");
            }
            Key::generate()
        }
    })
}
