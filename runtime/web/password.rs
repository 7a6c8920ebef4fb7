//! Password hashing for sign-in forms: [`hash`] and [`verify`], Django's
//! `make_password` / `check_password` with its default algorithm,
//! PBKDF2-HMAC-SHA256 with a random salt (the `pbkdf2` and `sha2` crates).
//!
//! ```
//! use twain::web::password;
//!
//! let stored = password::hash("correct horse");        // keep this in the users table
//! assert!(stored.starts_with("pbkdf2_sha256$"));
//! assert!(password::verify("correct horse", &stored));
//! assert!(!password::verify("wrong", &stored));
//! ```
//!
//! Hashing is slow on purpose (600,000 rounds in release builds, OWASP's
//! figure for this algorithm): call it from sync code, which may block — a
//! sync view or `sync_to_async` — never on an async worker. Debug builds use
//! 20,000 rounds, as Django's test settings use a fast hasher: unoptimised,
//! the full count takes seconds per sign-in. The stored form is
//! `pbkdf2_sha256$<rounds>$<salt hex>$<hash hex>`; [`verify`] reads the
//! rounds from it, so a hash made by either build, or before [`ROUNDS`] was
//! raised, stays valid.

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

/// PBKDF2 rounds for new hashes (20,000 in debug builds, see the module doc).
pub const ROUNDS: u32 = if cfg!(debug_assertions) {
    20_000
} else {
    600_000
};

const ALGORITHM: &str = "pbkdf2_sha256";

/// Hashes `password` with a new random salt, for storing.
pub fn hash(password: &str) -> String {
    let salt = hex(uuid::Uuid::new_v4().as_bytes());
    let digest = derive(password, &salt, ROUNDS);
    format!("{ALGORITHM}${ROUNDS}${salt}${}", hex(&digest))
}

/// Whether `password` is the one `stored` (made by [`hash`]) was made from.
/// A `stored` string that is not such a hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some(ALGORITHM), Some(rounds), Some(salt), Some(expected), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let Ok(rounds) = rounds.parse::<u32>() else {
        return false;
    };
    if rounds == 0 {
        return false;
    }
    let actual = hex(&derive(password, salt, rounds));
    // Compare every byte, whatever the first difference, so the time taken
    // does not tell how much of a guess was right.
    actual.len() == expected.len()
        && actual
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

fn derive(password: &str, salt: &str, rounds: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(password.as_bytes(), salt.as_bytes(), rounds, &mut out);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("s3cret");
        assert!(verify("s3cret", &stored));
        assert!(!verify("s3cret ", &stored));
        assert!(!verify("", &stored));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_salt() {
        assert_ne!(hash("same"), hash("same"));
    }

    #[test]
    fn a_known_pbkdf2_vector_verifies() {
        // PBKDF2-HMAC-SHA256("password", "salt", 1 round), RFC 7914 §11 prefix.
        let stored =
            "pbkdf2_sha256$1$salt$120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b";
        assert!(verify("password", stored));
    }

    #[test]
    fn malformed_hashes_never_match() {
        for stored in [
            "",
            "password",
            "md5$1$salt$abc",
            "pbkdf2_sha256$x$salt$abc",
            "pbkdf2_sha256$0$salt$",
            "pbkdf2_sha256$1$salt",
            "pbkdf2_sha256$1$salt$abc$extra",
        ] {
            assert!(!verify("password", stored), "{stored:?} matched");
        }
    }
}
