//! Whether the lints could flag anything in a body, from its text alone:
//! a cheap test run first, so the body is only parsed and walked when it
//! could be. Exact by construction: every call the lints flag names, in the
//! body's text, a word of [`TRIGGERS`] (the last segment of a known blocking
//! path, a blocking method, a crate whose every call blocks), unless it
//! reaches the body through a module import that renames it or names such a
//! crate ([`module_may_flag`]), or through a call of the crate's own
//! functions (`check::helpers::may_call_own`). The lint tests check every
//! flagged case passes this test (`tests.rs`).

use crate::parse::source_file::{Import, Module};

/// The words a flagged call's text has in it: the last segments of the
/// paths of `known::blocking_fn` and `values::returned_by` (an alias bound
/// by a `use` in the body keeps the original name in the body's text too),
/// and the methods of `values::blocking_method`. Substrings: `open` covers
/// `open_with_flags`, `read` covers `read_to_string`.
const TRIGGERS: &[&str] = &[
    // known::blocking_fn: std::thread, std::fs, std::net, std::io
    "sleep",
    "scope",
    "park",
    "open",
    "create",
    "canonicalize",
    "copy",
    "exists",
    "hard_link",
    "metadata",
    "read",
    "remove",
    "rename",
    "set_permissions",
    "soft_link",
    "write",
    "connect",
    "bind",
    "stdin",
    // known::blocking_fn: executors, clients, twain
    "block_on",
    "ureq",
    "reqwest",
    "configure",
    "async_to_sync",
    // values::blocking_method
    "output",
    "status",
    "wait",
    "is_file",
    "is_dir",
    "is_symlink",
    "join",
    "recv",
    "iter",
    "send",
    "execute",
    "query",
    "prepare",
    "transaction",
    "backup",
    "close",
    "simple_query",
];

/// Crates every call into which is flagged, whatever its name.
const BLOCKING_CRATES: &[&str] = &["ureq", "reqwest"];

/// Whether the lints could flag a call in a body with this text, written in
/// `module` (`None`: not known, so only the body's own imports count).
pub(crate) fn may_flag(body_text: &str, module: Option<&Module>) -> bool {
    TRIGGERS.iter().any(|word| body_text.contains(word))
        || module.is_some_and(|module| {
            module_may_flag(module) || crate::check::helpers::may_call_own(body_text, module)
        })
}

/// Whether an import of the module (or of one it imports whole) could
/// bring a flagged call into a body under a name not in [`TRIGGERS`]: a
/// renamed import, or a name or glob from a crate of [`BLOCKING_CRATES`].
fn module_may_flag(module: &Module) -> bool {
    let blocking_crate = |path: &[String]| {
        path.first()
            .is_some_and(|first| BLOCKING_CRATES.contains(&first.as_str()))
    };
    module.imports.iter().any(|import| match import {
        Import::Name { name, path } => path.last() != Some(name) || blocking_crate(path),
        Import::Own { .. } | Import::OwnGlob { .. } => false,
        Import::Glob { prefix } => blocking_crate(prefix),
    }) || module.parent.as_deref().is_some_and(module_may_flag)
}
