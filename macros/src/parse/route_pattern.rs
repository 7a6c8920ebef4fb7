//! The patterns of `#[routes]`, read with the route grammar the runtime
//! uses (`twain_pattern`): each `.route("pattern", view)` gives its
//! parameters, or the compile error its string is marked with.

use twain_pattern::Pattern;

/// One parameter: its name and its converter's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) converter: &'static str,
}

/// The parameters of `pattern`, in order, or why it is not a pattern.
pub(crate) fn parse(pattern: &str) -> Result<Vec<Param>, String> {
    let parsed = Pattern::parse(pattern).map_err(|error| error.compile_message())?;
    Ok(parsed
        .params()
        .map(|(name, converter)| Param {
            name: name.to_owned(),
            converter: converter.name(),
        })
        .collect())
}
