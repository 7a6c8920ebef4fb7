//! Stage 2 of every macro: the rules. Each rule is a function that looks at
//! the parsed item and pushes an error, at the offending tokens and naming the
//! fix, into the shared [`Errors`](crate::errors::Errors); none stops the
//! others, so one call reports every mistake.
//!
//! Imports `crate::parse` and `crate::errors`, never `crate::expand`: what is
//! allowed does not depend on how it is generated.

pub(crate) mod awaits;
pub(crate) mod db_rules;
pub(crate) mod fn_rules;
pub(crate) mod helpers;
pub(crate) mod lints;
pub(crate) mod middleware_rules;
pub(crate) mod sync_only_rules;
pub(crate) mod task_rules;
pub(crate) mod view_rules;
