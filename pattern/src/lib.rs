//! The route pattern grammar of twain: Django-style patterns such as
//! `articles/<int:year>/<slug:slug>/`, their converters, and the rules a
//! pattern must keep, with the message each broken rule gives.
//!
//! `twain-macros` checks the patterns of `#[routes]` with it at compile time
//! and the `twain` router builds its routes on it, so both read one grammar.
//! It depends on nothing, twain included; matching, percent-encoding and
//! reversing stay in the router.

mod converter;
mod error;
mod param_kind;
mod pattern;

#[cfg(test)]
mod tests;

pub use converter::Converter;
pub use error::PatternError;
pub use param_kind::ParamKind;
pub use pattern::{MAX_PARAMS, Pattern, Piece};
