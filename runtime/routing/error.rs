//! Error types of the routing module: [`RouteError`] (building a router) and
//! [`ReverseError`] (building a URL). Every message says what is wrong, quotes
//! the pattern involved and says how to fix it; a pattern's own errors are
//! worded by the grammar (`twain_pattern::PatternError`).

use std::fmt;

use twain_pattern::{Converter, PatternError};

/// Why a route could not be added (`App::route`, `App::include`); every such
/// problem is listed when the app is built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouteError {
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
    /// Two parameters sit in the same path segment (matchit allows one).
    SharedSegment {
        pattern: String,
        first: String,
        second: String,
    },
    /// A `<path:..>` parameter is followed by more pattern text.
    PathNotLast { pattern: String, param: String },
    /// More parameters than one pattern may hold (25).
    TooManyParams { pattern: String, count: usize },
    /// `Some("")` was given as the route name.
    EmptyName { pattern: String },
    /// The route name is already taken.
    DuplicateName {
        pattern: String,
        name: String,
        existing: String,
    },
    /// An existing route has the same shape and converters: the new one could
    /// never match.
    DuplicateRoute { pattern: String, existing: String },
    /// matchit cannot hold this route next to an existing one.
    Conflict { pattern: String, existing: String },
    /// matchit refused the route for another reason (not expected: the
    /// pattern rules above cover every refusal matchit 0.9 makes).
    Rejected { pattern: String, reason: String },
}

impl From<PatternError> for RouteError {
    fn from(error: PatternError) -> Self {
        match error {
            PatternError::LeadingSlash { pattern } => RouteError::LeadingSlash { pattern },
            PatternError::UnexpectedChar { pattern, ch } => {
                RouteError::UnexpectedChar { pattern, ch }
            }
            PatternError::UnclosedParam { pattern } => RouteError::UnclosedParam { pattern },
            PatternError::UnknownConverter { pattern, converter } => {
                RouteError::UnknownConverter { pattern, converter }
            }
            PatternError::InvalidParamName { pattern, param } => {
                RouteError::InvalidParamName { pattern, param }
            }
            PatternError::DuplicateParam { pattern, param } => {
                RouteError::DuplicateParam { pattern, param }
            }
            PatternError::SharedSegment {
                pattern,
                first,
                second,
            } => RouteError::SharedSegment {
                pattern,
                first,
                second,
            },
            PatternError::PathNotLast { pattern, param } => {
                RouteError::PathNotLast { pattern, param }
            }
            PatternError::TooManyParams { pattern, count } => {
                RouteError::TooManyParams { pattern, count }
            }
        }
    }
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::EmptyName { pattern } => write!(
                f,
                "route `{pattern}` has an empty name: pass None for an unnamed route, or a \
                 non-empty name"
            ),
            RouteError::DuplicateName {
                pattern,
                name,
                existing,
            } => write!(
                f,
                "route name `{name}` of route `{pattern}` is already used by route \
                 `{existing}`: route names must be unique; rename one of them"
            ),
            RouteError::DuplicateRoute { pattern, existing } => write!(
                f,
                "route `{pattern}` has the same shape and converters as route `{existing}`, \
                 so it could never match: remove one, or change its static text or converters"
            ),
            RouteError::Conflict { pattern, existing } => write!(
                f,
                "route `{pattern}` conflicts with route `{existing}`: matchit cannot choose \
                 between them (at one position it allows static text, then parameters with a \
                 prefix or else with a suffix, then one plain parameter or else one \
                 `<path:..>`); change one pattern, e.g. put distinct static text before the \
                 parameter"
            ),
            RouteError::Rejected { pattern, reason } => write!(
                f,
                "route `{pattern}` was rejected by the matcher ({reason}): simplify the pattern"
            ),
            // A pattern's own errors, worded by the grammar.
            RouteError::LeadingSlash { pattern } => PatternError::LeadingSlash {
                pattern: pattern.clone(),
            }
            .fmt(f),
            RouteError::UnexpectedChar { pattern, ch } => PatternError::UnexpectedChar {
                pattern: pattern.clone(),
                ch: *ch,
            }
            .fmt(f),
            RouteError::UnclosedParam { pattern } => PatternError::UnclosedParam {
                pattern: pattern.clone(),
            }
            .fmt(f),
            RouteError::UnknownConverter { pattern, converter } => PatternError::UnknownConverter {
                pattern: pattern.clone(),
                converter: converter.clone(),
            }
            .fmt(f),
            RouteError::InvalidParamName { pattern, param } => PatternError::InvalidParamName {
                pattern: pattern.clone(),
                param: param.clone(),
            }
            .fmt(f),
            RouteError::DuplicateParam { pattern, param } => PatternError::DuplicateParam {
                pattern: pattern.clone(),
                param: param.clone(),
            }
            .fmt(f),
            RouteError::SharedSegment {
                pattern,
                first,
                second,
            } => PatternError::SharedSegment {
                pattern: pattern.clone(),
                first: first.clone(),
                second: second.clone(),
            }
            .fmt(f),
            RouteError::PathNotLast { pattern, param } => PatternError::PathNotLast {
                pattern: pattern.clone(),
                param: param.clone(),
            }
            .fmt(f),
            RouteError::TooManyParams { pattern, count } => PatternError::TooManyParams {
                pattern: pattern.clone(),
                count: *count,
            }
            .fmt(f),
        }
    }
}

impl std::error::Error for RouteError {}

/// Why `Request::reverse` (or `Client::reverse`) could not build a path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReverseError {
    /// No route has this name; `known` lists the names that exist, sorted.
    NoSuchName { name: String, known: Vec<String> },
    /// A parameter of the route was not given.
    MissingParam {
        name: String,
        pattern: String,
        param: String,
    },
    /// A given parameter is not a parameter of the route.
    ExtraParam {
        name: String,
        pattern: String,
        param: String,
        expected: Vec<String>,
    },
    /// A parameter was given more than once.
    DuplicateParam { name: String, param: String },
    /// A value is not accepted by its parameter's converter.
    RejectedByConverter {
        name: String,
        pattern: String,
        param: String,
        value: String,
        converter: Converter,
    },
}

impl fmt::Display for ReverseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReverseError::NoSuchName { name, known } => {
                write!(f, "no route named `{name}`: ")?;
                if known.is_empty() {
                    write!(f, "no route has a name")?;
                } else {
                    write!(f, "known names are {}", backticked(known))?;
                }
                write!(
                    f,
                    "; name the route when adding it, e.g. insert(pattern, Some(\"{name}\"), \
                     handler)"
                )
            }
            ReverseError::MissingParam {
                name,
                pattern,
                param,
            } => write!(
                f,
                "route `{name}` (`{pattern}`) needs parameter `{param}`: pass (\"{param}\", \
                 value)"
            ),
            ReverseError::ExtraParam {
                name,
                pattern,
                param,
                expected,
            } => {
                write!(
                    f,
                    "route `{name}` (`{pattern}`) has no parameter `{param}`: "
                )?;
                if expected.is_empty() {
                    write!(f, "it takes no parameters")?;
                } else {
                    write!(f, "its parameters are {}", backticked(expected))?;
                }
                write!(f, "; remove `{param}` or fix its name")
            }
            ReverseError::DuplicateParam { name, param } => write!(
                f,
                "parameter `{param}` is given more than once for route `{name}`: pass it once"
            ),
            ReverseError::RejectedByConverter {
                name,
                pattern,
                param,
                value,
                converter,
            } => write!(
                f,
                "value {value:?} for parameter `{param}` of route `{name}` (`{pattern}`) is \
                 rejected by the `{converter}` converter, which expects {}: pass a matching \
                 value",
                converter.describe()
            ),
        }
    }
}

impl std::error::Error for ReverseError {}

/// `a`, `b`, `c` with backticks.
fn backticked(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
