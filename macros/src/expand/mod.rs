//! Stage 3 of every macro: the generated code, once the checks passed (or, for
//! `#[view]` and `#[middleware]`, the stub that stands in when they did not).
//! Every runtime item it names comes from the one table in [`paths`].
//!
//! `#[view]` and `#[middleware]` are written by one generator: the shell
//! (`shell.rs`: the unit struct and its `const _` block, or the stub) and
//! its parts (`deref.rs`, `adapter.rs`, `view.rs`, `middleware.rs`,
//! `route_export.rs`, `send_assert.rs`), all writing into one [`text::Text`]:
//! source text for the boilerplate, tokens with their spans for what an
//! error may point at.
//!
//! Imports `crate::parse` and `crate::errors`, never `crate::check`: by the
//! time code is generated, the rules have had their say.

pub(crate) mod adapter;
pub(crate) mod deref;
pub(crate) mod middleware;
pub(crate) mod paths;
pub(crate) mod route_check;
pub(crate) mod route_export;
pub(crate) mod send_assert;
pub(crate) mod shell;
pub(crate) mod sync_only;
pub(crate) mod task;
pub(crate) mod text;
pub(crate) mod unit;
pub(crate) mod view;
