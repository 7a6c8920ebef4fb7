//! [`ParamKind`]: what kind of text a route-parameter type parses from, so a
//! converter whose values can never parse into an argument's type
//! (`<int:flag>` into `flag: bool`) is caught when the routes are checked at
//! compile time (`#[routes]`). It lives with the converters: which types
//! their values can parse into follows from the characters they accept.

use super::converter::Converter;

/// What kind of text a route-parameter type parses from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// Integer types: `u32`, `i64`, …
    Integer,
    /// `f32`, `f64`.
    Float,
    /// `bool`: `true` or `false`.
    Bool,
    /// `char`: one character.
    Char,
    /// `uuid::Uuid`.
    Uuid,
    /// `std::net::IpAddr`.
    Ip,
    /// Any text: `String`, `PathBuf`, and types twain knows nothing about.
    Any,
}

impl Converter {
    /// Whether values this converter accepts can ever parse into a type of
    /// `kind`: `int` never gives a `bool`, a UUID or an IP address, `uuid`
    /// never gives a number, `slug` never an IP address (no `.` or `:`).
    pub const fn can_parse_into(self, kind: ParamKind) -> bool {
        !matches!(
            (self, kind),
            (
                Converter::Int,
                ParamKind::Bool | ParamKind::Uuid | ParamKind::Ip
            ) | (
                Converter::Uuid,
                ParamKind::Integer
                    | ParamKind::Float
                    | ParamKind::Bool
                    | ParamKind::Char
                    | ParamKind::Ip
            ) | (Converter::Slug, ParamKind::Ip)
        )
    }
}
