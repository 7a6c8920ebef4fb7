//! The route pattern grammar (`articles/<int:year>/<slug:slug>/`), as the
//! runtime's `routing/pattern.rs` parses it, for the compile-time route
//! check of `#[routes]`: the parameters and their converters, or the rule a
//! pattern breaks. The macro crate cannot depend on the runtime, so the
//! grammar is mirrored here; `route_pattern_cases.txt` holds patterns both
//! parsers are tested on (here and in the runtime's routing tests).

/// The converters a parameter may name, as `routing::Converter` has them.
pub(crate) const CONVERTERS: [&str; 5] = ["int", "str", "slug", "uuid", "path"];

/// The most parameters one pattern may hold (`routing::MAX_PARAMS`).
const MAX_PARAMS: usize = 25;

/// One parameter: its name and its converter's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) converter: &'static str,
}

/// The parameters of `pattern`, in order, or why it is not a pattern.
pub(crate) fn parse(pattern: &str) -> Result<Vec<Param>, String> {
    if pattern.starts_with('/') {
        return Err(format!(
            "route patterns have no leading slash: write `{}`",
            pattern.trim_start_matches('/')
        ));
    }
    let mut params: Vec<Param> = Vec::new();
    // Whether the current segment (since the last `/`) holds a parameter.
    let mut segment_param: Option<String> = None;
    let mut path_seen: Option<String> = None;
    let mut rest = pattern;
    while let Some(at) = rest.find(['<', '>']) {
        if rest[at..].starts_with('>') {
            return Err(format!(
                "unexpected `>` in route `{pattern}`: parameters are written `<converter:name>`"
            ));
        }
        if rest[..at].contains('/') {
            segment_param = None;
        }
        if !rest[..at].is_empty()
            && let Some(param) = &path_seen
        {
            return Err(path_not_last(pattern, param));
        }
        let after = &rest[at + 1..];
        let close = match after.find(['<', '>']) {
            Some(close) if after[close..].starts_with('>') => close,
            _ => {
                return Err(format!(
                    "unclosed `<` in route `{pattern}`: parameters are written `<converter:name>`"
                ));
            }
        };
        let inside = &after[..close];
        let (converter, name) = match inside.split_once(':') {
            Some((converter, name)) => {
                let Some(known) = CONVERTERS.iter().find(|c| **c == converter) else {
                    return Err(format!(
                        "unknown converter `{converter}` in route `{pattern}`: use one of `int`, `str`, `slug`, `uuid`, `path`"
                    ));
                };
                (*known, name)
            }
            None => ("str", inside),
        };
        if !is_identifier(name) {
            return Err(format!(
                "`{name}` in route `{pattern}` is not a parameter name: use an identifier like `id`"
            ));
        }
        if params.iter().any(|p| p.name == name) {
            return Err(format!(
                "route `{pattern}` has the parameter `{name}` twice: give each a name of its own"
            ));
        }
        if let Some(first) = &segment_param {
            return Err(format!(
                "route `{pattern}` has `{first}` and `{name}` in one segment: a segment holds at most one parameter"
            ));
        }
        if let Some(param) = &path_seen {
            return Err(path_not_last(pattern, param));
        }
        if converter == "path" {
            path_seen = Some(name.to_owned());
        }
        segment_param = Some(name.to_owned());
        params.push(Param {
            name: name.to_owned(),
            converter,
        });
        rest = &after[close + 1..];
    }
    if !rest.is_empty()
        && let Some(param) = &path_seen
    {
        return Err(path_not_last(pattern, param));
    }
    if params.len() > MAX_PARAMS {
        return Err(format!(
            "route `{pattern}` has {} parameters; at most {MAX_PARAMS} fit in one pattern",
            params.len()
        ));
    }
    Ok(params)
}

fn path_not_last(pattern: &str, param: &str) -> String {
    format!(
        "`<path:{param}>` must end route `{pattern}`: a `path` parameter takes the rest of the path"
    )
}

fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Every line of the shared cases file: `pattern => params` (each
    /// `converter:name`, space-separated; nothing for none) or
    /// `pattern => error`.
    #[test]
    fn agrees_with_the_shared_cases() {
        for line in include_str!("route_pattern_cases.txt").lines() {
            let Some((pattern, expected)) = line.split_once(" => ") else {
                continue;
            };
            let pattern = pattern.trim_matches('"');
            let got = parse(pattern).map(|params| {
                params
                    .iter()
                    .map(|p| format!("{}:{}", p.converter, p.name))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            match expected {
                "error" => assert!(got.is_err(), "{pattern}: {got:?}"),
                params => assert_eq!(got.as_deref(), Ok(params), "{pattern}"),
            }
        }
    }
}
