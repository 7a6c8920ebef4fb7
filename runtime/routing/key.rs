//! The positional matchit route key a parsed pattern (`twain_pattern`)
//! becomes.

use std::fmt::Write as _;

use twain_pattern::{Pattern, Piece};

use super::percent::push_canonical;

/// The matchit route for `pattern`: leading `/`, parameters renamed by
/// position (`{p0}`, catch-all `{*p1}`), static text in the canonical form
/// request paths are matched in (`%`, `{`, `}` as `%25`, `%7B`, `%7D`), so
/// static text can never declare a matchit parameter.
pub(super) fn matchit_key(pattern: &Pattern) -> String {
    let mut key = String::from("/");
    let mut position = 0;
    for piece in pattern.pieces() {
        match piece {
            Piece::Static(text) => push_canonical(&mut key, text),
            Piece::Param { converter, .. } => {
                let star = if converter.is_catch_all() { "*" } else { "" };
                // Writing to a String cannot fail.
                let _ = write!(key, "{{{star}p{position}}}");
                position += 1;
            }
        }
    }
    key
}
