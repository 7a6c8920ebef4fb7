//! Stage 1 of every macro: reading what the user wrote. The item as a
//! function, the options in the attribute, and what the signature means
//! (mode, each argument's role, the result type; the capability of a
//! `#[sync_only]` function). Parsing reports what it cannot read into the
//! shared [`Errors`](crate::errors::Errors) and goes on, so the checks still
//! run and the user sees every mistake at once.
//!
//! Imports only `crate::errors`: checks and expansion build on it, never the
//! other way round.

pub(crate) mod capability;
pub(crate) mod crate_path;
pub(crate) mod fn_head;
pub(crate) mod item;
pub(crate) mod options;
pub(crate) mod route_pattern;
pub(crate) mod routes;
pub(crate) mod signature;
pub(crate) mod source_crate;
pub(crate) mod source_file;
pub(crate) mod source_tokens;
pub(crate) mod task_args;
