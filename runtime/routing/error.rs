//! Error types of the routing module: [`RouteError`] (building a router) and
//! [`ReverseError`] (building a URL). Every message says what is wrong, quotes
//! the pattern involved and says how to fix it.

use std::fmt;

use super::pattern::MAX_PARAMS;

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

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::LeadingSlash { pattern } => write!(
                f,
                "route `{pattern}` starts with `/`: patterns are written without the leading \
                 slash, like Django's path(); write `{}`",
                pattern.trim_start_matches('/')
            ),
            RouteError::UnexpectedChar { pattern, ch } => write!(
                f,
                "route `{pattern}` has a `{ch}` outside a parameter: parameters are written \
                 `<converter:name>`; remove the stray `{ch}`"
            ),
            RouteError::UnclosedParam { pattern } => write!(
                f,
                "route `{pattern}` has a `<` without a matching `>`: close the parameter, \
                 e.g. `<int:id>`"
            ),
            RouteError::UnknownConverter { pattern, converter } => write!(
                f,
                "unknown converter `{converter}` in route `{pattern}`: use one of int, str, \
                 slug, uuid, path"
            ),
            RouteError::InvalidParamName { pattern, param } => write!(
                f,
                "invalid parameter name `{param}` in route `{pattern}`: write `<name>` or \
                 `<converter:name>` where name is an ASCII identifier (letters, digits and `_`, \
                 not starting with a digit)"
            ),
            RouteError::DuplicateParam { pattern, param } => write!(
                f,
                "parameter `{param}` appears twice in route `{pattern}` (include prefixes \
                 count): give each parameter its own name"
            ),
            RouteError::SharedSegment {
                pattern,
                first,
                second,
            } => write!(
                f,
                "parameters `{first}` and `{second}` share one path segment in route \
                 `{pattern}`: only one parameter per segment is supported; separate them \
                 with `/`"
            ),
            RouteError::PathNotLast { pattern, param } => write!(
                f,
                "`<path:{param}>` is not at the end of route `{pattern}`: a path parameter \
                 takes the rest of the URL, so move it to the end (or use `str` for one \
                 segment)"
            ),
            RouteError::TooManyParams { pattern, count } => write!(
                f,
                "route `{pattern}` has {count} parameters: at most {MAX_PARAMS} are \
                 supported; move some values into the query string"
            ),
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
        converter: super::Converter,
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
