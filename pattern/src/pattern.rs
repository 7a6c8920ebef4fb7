//! Parsing a pattern (`articles/<int:year>/`) into its [`Piece`]s, enforcing
//! every rule of the grammar.

use crate::converter::Converter;
use crate::error::PatternError;

/// The most parameters one pattern may hold (in a router, include prefixes
/// counted). matchit 0.9, which the router matches with, panics past 25.
pub const MAX_PARAMS: usize = 25;

/// One piece of a parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text as the user typed it (decoded: `café/`, not
    /// `caf%C3%A9/`), `/` included.
    Static(String),
    /// A `<converter:name>` parameter (`<name>` is `<str:name>`).
    Param { name: String, converter: Converter },
}

/// A parsed pattern: static text and parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pieces: Vec<Piece>,
}

impl Pattern {
    /// Parses `pattern`: first its syntax, left to right (leading slash,
    /// stray `>`, unclosed `<`, unknown converter, parameter name), then the
    /// rules between parameters (duplicate name, two in one segment, `path`
    /// not last), then their count.
    pub fn parse(pattern: &str) -> Result<Pattern, PatternError> {
        if pattern.starts_with('/') {
            return Err(PatternError::LeadingSlash {
                pattern: pattern.to_owned(),
            });
        }
        let mut pieces = Vec::new();
        let mut rest = pattern;
        while let Some(at) = rest.find(['<', '>']) {
            if rest[at..].starts_with('>') {
                return Err(PatternError::UnexpectedChar {
                    pattern: pattern.to_owned(),
                    ch: '>',
                });
            }
            push_static(&mut pieces, &rest[..at]);
            let after = &rest[at + 1..];
            let close = match after.find(['<', '>']) {
                Some(close) if after[close..].starts_with('>') => close,
                _ => {
                    return Err(PatternError::UnclosedParam {
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
    fn check_params(&self, pattern: &str) -> Result<(), PatternError> {
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
                        return Err(PatternError::DuplicateParam {
                            pattern: pattern.to_owned(),
                            param: name.clone(),
                        });
                    }
                    if let Some(first) = segment_param {
                        return Err(PatternError::SharedSegment {
                            pattern: pattern.to_owned(),
                            first: first.to_owned(),
                            second: name.clone(),
                        });
                    }
                    if converter.is_catch_all() && index != last {
                        return Err(PatternError::PathNotLast {
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
            return Err(PatternError::TooManyParams {
                pattern: pattern.to_owned(),
                count: seen.len(),
            });
        }
        Ok(())
    }

    /// The pieces, in pattern order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Parameter names and converters, in pattern order.
    pub fn params(&self) -> impl Iterator<Item = (&str, Converter)> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Param { name, converter } => Some((name.as_str(), *converter)),
            Piece::Static(_) => None,
        })
    }
}

/// Appends non-empty static text.
fn push_static(pieces: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        pieces.push(Piece::Static(text.to_owned()));
    }
}

/// Parses the inside of `<...>`: `name` or `converter:name`.
fn parse_param(pattern: &str, inside: &str) -> Result<Piece, PatternError> {
    let (converter, name) = match inside.split_once(':') {
        Some((converter_name, name)) => {
            let converter = Converter::from_name(converter_name).ok_or_else(|| {
                PatternError::UnknownConverter {
                    pattern: pattern.to_owned(),
                    converter: converter_name.to_owned(),
                }
            })?;
            (converter, name)
        }
        None => (Converter::Str, inside),
    };
    if !is_identifier(name) {
        return Err(PatternError::InvalidParamName {
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
