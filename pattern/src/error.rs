//! [`PatternError`]: the rule a pattern breaks, in two wordings. `Display`
//! is what building a router reports (`App::route`, `App::include`: include
//! prefixes count); [`PatternError::compile_message`] is the compile error
//! `#[routes]` puts at the pattern string. Each says what is wrong, quotes
//! the pattern and says how to fix it.

use std::fmt;

use crate::converter::Converter;
use crate::pattern::MAX_PARAMS;

/// Why a string is not a route pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// The pattern starts with `/`.
    LeadingSlash { pattern: String },
    /// A `>` appears outside a parameter.
    UnexpectedChar { pattern: String, ch: char },
    /// A `<` has no matching `>`.
    UnclosedParam { pattern: String },
    /// `<converter:name>` names an unknown converter.
    UnknownConverter { pattern: String, converter: String },
    /// A parameter name is not an ASCII identifier.
    InvalidParamName { pattern: String, param: String },
    /// Two parameters of one pattern have the same name.
    DuplicateParam { pattern: String, param: String },
    /// Two parameters sit in the same path segment.
    SharedSegment {
        pattern: String,
        first: String,
        second: String,
    },
    /// A `<path:..>` parameter is followed by more pattern text.
    PathNotLast { pattern: String, param: String },
    /// More than [`MAX_PARAMS`] parameters.
    TooManyParams { pattern: String, count: usize },
}

impl PatternError {
    /// The wording of the compile error `#[routes]` reports at the pattern
    /// string (shorter than `Display`: the span already shows where).
    pub fn compile_message(&self) -> String {
        match self {
            PatternError::LeadingSlash { pattern } => format!(
                "route patterns have no leading slash: write `{}`",
                pattern.trim_start_matches('/')
            ),
            PatternError::UnexpectedChar { pattern, ch } => format!(
                "unexpected `{ch}` in route `{pattern}`: parameters are written `<converter:name>`"
            ),
            PatternError::UnclosedParam { pattern } => format!(
                "unclosed `<` in route `{pattern}`: parameters are written `<converter:name>`"
            ),
            PatternError::UnknownConverter { pattern, converter } => format!(
                "unknown converter `{converter}` in route `{pattern}`: use one of {}",
                converter_names("`", "`")
            ),
            PatternError::InvalidParamName { pattern, param } => format!(
                "`{param}` in route `{pattern}` is not a parameter name: use an identifier like `id`"
            ),
            PatternError::DuplicateParam { pattern, param } => format!(
                "route `{pattern}` has the parameter `{param}` twice: give each a name of its own"
            ),
            PatternError::SharedSegment {
                pattern,
                first,
                second,
            } => format!(
                "route `{pattern}` has `{first}` and `{second}` in one segment: a segment holds \
                 at most one parameter"
            ),
            PatternError::PathNotLast { pattern, param } => format!(
                "`<path:{param}>` must end route `{pattern}`: a `path` parameter takes the rest \
                 of the path"
            ),
            PatternError::TooManyParams { pattern, count } => format!(
                "route `{pattern}` has {count} parameters; at most {MAX_PARAMS} fit in one pattern"
            ),
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::LeadingSlash { pattern } => write!(
                f,
                "route `{pattern}` starts with `/`: patterns are written without the leading \
                 slash, like Django's path(); write `{}`",
                pattern.trim_start_matches('/')
            ),
            PatternError::UnexpectedChar { pattern, ch } => write!(
                f,
                "route `{pattern}` has a `{ch}` outside a parameter: parameters are written \
                 `<converter:name>`; remove the stray `{ch}`"
            ),
            PatternError::UnclosedParam { pattern } => write!(
                f,
                "route `{pattern}` has a `<` without a matching `>`: close the parameter, \
                 e.g. `<int:id>`"
            ),
            PatternError::UnknownConverter { pattern, converter } => write!(
                f,
                "unknown converter `{converter}` in route `{pattern}`: use one of {}",
                converter_names("", "")
            ),
            PatternError::InvalidParamName { pattern, param } => write!(
                f,
                "invalid parameter name `{param}` in route `{pattern}`: write `<name>` or \
                 `<converter:name>` where name is an ASCII identifier (letters, digits and `_`, \
                 not starting with a digit)"
            ),
            PatternError::DuplicateParam { pattern, param } => write!(
                f,
                "parameter `{param}` appears twice in route `{pattern}` (include prefixes \
                 count): give each parameter its own name"
            ),
            PatternError::SharedSegment {
                pattern,
                first,
                second,
            } => write!(
                f,
                "parameters `{first}` and `{second}` share one path segment in route \
                 `{pattern}`: only one parameter per segment is supported; separate them \
                 with `/`"
            ),
            PatternError::PathNotLast { pattern, param } => write!(
                f,
                "`<path:{param}>` is not at the end of route `{pattern}`: a path parameter \
                 takes the rest of the URL, so move it to the end (or use `str` for one \
                 segment)"
            ),
            PatternError::TooManyParams { pattern, count } => write!(
                f,
                "route `{pattern}` has {count} parameters: at most {MAX_PARAMS} are \
                 supported; move some values into the query string"
            ),
        }
    }
}

impl std::error::Error for PatternError {}

/// Every converter's name, each between `open` and `close`, comma-separated.
fn converter_names(open: &str, close: &str) -> String {
    Converter::ALL
        .iter()
        .map(|c| format!("{open}{}{close}", c.name()))
        .collect::<Vec<_>>()
        .join(", ")
}
