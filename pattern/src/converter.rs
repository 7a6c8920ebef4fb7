//! Path converters: the `int`, `str`, `slug`, `uuid` and `path` value checks used
//! by patterns like `<int:year>`, and the names patterns write them by.

use std::fmt;

/// The type of a pattern parameter, as in `<int:year>`. Checks decoded values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Converter {
    /// One or more ASCII digits.
    Int,
    /// One or more characters, none of them `/` (the default converter).
    Str,
    /// One or more ASCII letters, digits, `-` or `_`.
    Slug,
    /// A lowercase hyphenated UUID: `8-4-4-4-12` hex digits.
    Uuid,
    /// One or more characters, `/` included. Must end its pattern. The value
    /// may hold `..` and a leading `/` (also percent-encoded): for a file
    /// name, take it as `twain::SafePath` and open it with
    /// `FileResponse::from_root`, which refuse both.
    Path,
}

impl Converter {
    /// Every converter, in the order used in error messages.
    pub const ALL: [Converter; 5] = [
        Converter::Int,
        Converter::Str,
        Converter::Slug,
        Converter::Uuid,
        Converter::Path,
    ];

    /// Looks a converter up by the name written in patterns (`"int"`, ...).
    pub fn from_name(name: &str) -> Option<Converter> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The name written in patterns.
    pub const fn name(&self) -> &'static str {
        match self {
            Converter::Int => "int",
            Converter::Str => "str",
            Converter::Slug => "slug",
            Converter::Uuid => "uuid",
            Converter::Path => "path",
        }
    }

    /// What the converter accepts, in words (used in error messages).
    pub fn describe(&self) -> &'static str {
        match self {
            Converter::Int => "one or more ASCII digits",
            Converter::Str => "one or more characters other than `/`",
            Converter::Slug => "one or more ASCII letters, digits, `-` or `_`",
            Converter::Uuid => {
                "a lowercase hyphenated UUID like `0b9e4f5c-2a7d-4c1e-9f3a-5d6e7f8a9b0c`"
            }
            Converter::Path => "one or more characters, `/` included",
        }
    }

    /// Whether `s` (a decoded value) is a valid value for this converter.
    pub fn accepts(&self, s: &str) -> bool {
        if s.is_empty() {
            return false;
        }
        match self {
            Converter::Int => s.bytes().all(|b| b.is_ascii_digit()),
            Converter::Str => !s.contains('/'),
            Converter::Slug => s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            Converter::Uuid => is_lowercase_uuid(s),
            Converter::Path => true,
        }
    }

    /// Whether this converter's values span segments (`path`): it must end
    /// its pattern, and a router matches it as a catch-all.
    pub fn is_catch_all(&self) -> bool {
        matches!(self, Converter::Path)
    }
}

impl fmt::Display for Converter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` with lowercase hex digits.
fn is_lowercase_uuid(s: &str) -> bool {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut parts = s.split('-');
    let groups_ok = GROUPS.iter().all(|&len| {
        parts.next().is_some_and(|part| {
            part.len() == len
                && part
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    });
    groups_ok && parts.next().is_none()
}
