//! Parsing of Django-style patterns (`articles/<int:year>/`) into pieces, and
//! the positional matchit route key built from them.

use std::fmt::Write as _;

use super::converter::Converter;
use super::error::RouteError;
use super::percent::push_canonical;

/// The most parameters one pattern (include prefixes counted) may hold.
///
/// matchit 0.9 panics when a route has more than 25 named parameters; the
/// router refuses such patterns with [`RouteError::TooManyParams`] instead.
pub const MAX_PARAMS: usize = 25;

/// One piece of a parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// Literal text, written decoded (as the user typed it), `/` included.
    Static(String),
    /// A `<converter:name>` parameter.
    Param { name: String, converter: Converter },
}

/// A parsed pattern: static text and parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pattern {
    pieces: Vec<Piece>,
}

impl Pattern {
    /// Parses `pattern`, enforcing every syntactic rule of the module.
    pub(super) fn parse(pattern: &str) -> Result<Pattern, RouteError> {
        if pattern.starts_with('/') {
            return Err(RouteError::LeadingSlash {
                pattern: pattern.to_owned(),
            });
        }
        let mut pieces = Vec::new();
        let mut rest = pattern;
        while let Some(at) = rest.find(['<', '>']) {
            if rest[at..].starts_with('>') {
                return Err(RouteError::UnexpectedChar {
                    pattern: pattern.to_owned(),
                    ch: '>',
                });
            }
            push_static(&mut pieces, &rest[..at]);
            let after = &rest[at + 1..];
            let close = match after.find(['<', '>']) {
                Some(close) if after[close..].starts_with('>') => close,
                _ => {
                    return Err(RouteError::UnclosedParam {
                        pattern: pattern.to_owned(),
                    });
                }
            };
            pieces.push(parse_param(pattern, &after[..close])?);
            rest = &after[close + 1..];
        }
        push_static(&mut pieces, rest);
        let parsed = Pattern { pieces };
        parsed.check_params(pattern)?;
        Ok(parsed)
    }

    /// Checks the rules that involve several parameters.
    fn check_params(&self, pattern: &str) -> Result<(), RouteError> {
        let mut seen: Vec<&str> = Vec::new();
        let mut segment_param: Option<&str> = None;
        let last = self.pieces.len().saturating_sub(1);
        for (index, piece) in self.pieces.iter().enumerate() {
            match piece {
                Piece::Static(text) => {
                    if text.contains('/') {
                        segment_param = None;
                    }
                }
                Piece::Param { name, converter } => {
                    if seen.contains(&name.as_str()) {
                        return Err(RouteError::DuplicateParam {
                            pattern: pattern.to_owned(),
                            param: name.clone(),
                        });
                    }
                    if let Some(first) = segment_param {
                        return Err(RouteError::SharedSegment {
                            pattern: pattern.to_owned(),
                            first: first.to_owned(),
                            second: name.clone(),
                        });
                    }
                    if converter.is_catch_all() && index != last {
                        return Err(RouteError::PathNotLast {
                            pattern: pattern.to_owned(),
                            param: name.clone(),
                        });
                    }
                    seen.push(name);
                    segment_param = Some(name);
                }
            }
        }
        if seen.len() > MAX_PARAMS {
            return Err(RouteError::TooManyParams {
                pattern: pattern.to_owned(),
                count: seen.len(),
            });
        }
        Ok(())
    }

    /// The pieces, in pattern order.
    pub(super) fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Parameter names and converters, in pattern order.
    pub(super) fn params(&self) -> impl Iterator<Item = (&str, Converter)> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Param { name, converter } => Some((name.as_str(), *converter)),
            Piece::Static(_) => None,
        })
    }

    /// The matchit route for this pattern: leading `/`, parameters renamed by
    /// position (`{p0}`, catch-all `{*p1}`), static text in the canonical form
    /// request paths are matched in (`%`, `{`, `}` as `%25`, `%7B`, `%7D`), so
    /// static text can never declare a matchit parameter.
    pub(super) fn matchit_key(&self) -> String {
        let mut key = String::from("/");
        let mut position = 0;
        for piece in &self.pieces {
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
}

/// Appends non-empty static text.
fn push_static(pieces: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        pieces.push(Piece::Static(text.to_owned()));
    }
}

/// Parses the inside of `<...>`: `name` or `converter:name`.
fn parse_param(pattern: &str, inside: &str) -> Result<Piece, RouteError> {
    let (converter, name) = match inside.split_once(':') {
        Some((converter_name, name)) => {
            let converter = Converter::from_name(converter_name).ok_or_else(|| {
                RouteError::UnknownConverter {
                    pattern: pattern.to_owned(),
                    converter: converter_name.to_owned(),
                }
            })?;
            (converter, name)
        }
        None => (Converter::Str, inside),
    };
    if !is_identifier(name) {
        return Err(RouteError::InvalidParamName {
            pattern: pattern.to_owned(),
            param: name.to_owned(),
        });
    }
    Ok(Piece::Param {
        name: name.to_owned(),
        converter,
    })
}

/// ASCII identifier: a letter or `_`, then letters, digits or `_`.
fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
