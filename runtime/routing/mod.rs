//! Django-style URL routing for twain, built on top of the `matchit` crate.
//!
//! This module owns the public routing API ([`Router`], [`Match`], [`Params`],
//! [`RouteInfo`] and the error types); the submodules each own one concern
//! (the matchit key, percent-encoding, matching, reversing, errors). The
//! pattern grammar, [`Converter`] included, is the `twain-pattern` crate, which
//! `#[routes]` checks patterns with at compile time: one grammar for both.
//!
//! **routing** is a leaf: it uses nothing of twain, and every layer may use it
//! (`docs/architecture.md`). The route lists an app is built from are
//! `app/routes.rs`; this module only matches and reverses.
//!
//! # Patterns
//!
//! Patterns are written like Django's `path()`: no leading slash, static text and
//! `<converter:name>` parameters (`<name>` alone means `<str:name>`):
//!
//! | pattern                               | matches                   |
//! |---------------------------------------|---------------------------|
//! | `""`                                  | `/`                       |
//! | `"articles/"`                         | `/articles/`              |
//! | `"articles/<int:year>/<slug:slug>/"`  | `/articles/2024/hello-1/` |
//! | `"files/<path:rest>"`                 | `/files/a/b.txt`          |
//! | `"files/<str:name>.txt"`              | `/files/report.txt`       |
//!
//! Converters: `int` (ASCII digits), `str` (anything but `/`), `slug` (ASCII
//! letters, digits, `-`, `_`), `uuid` (lowercase `8-4-4-4-12` hex), `path`
//! (anything, `/` included). Every converter rejects the empty string.
//! A `<path:..>` parameter must be the last thing in its pattern. A parameter may
//! share its segment with static text (`img-<int:id>.png`), but a segment holds at
//! most one parameter. At most [`MAX_PARAMS`] parameters fit in one pattern.
//! Names are ASCII identifiers, unique within a pattern.
//!
//! # Matching, and how it differs from Django
//!
//! Matching is delegated to `matchit`. Each pattern becomes a matchit route
//! whose parameters are renamed by position (`{p0}`, `{p1}`, catch-all `{*p0}`),
//! so patterns that differ only in parameter names or converters share one
//! matchit route. That route holds the candidate patterns in insertion order; the
//! first candidate whose converters accept every captured value wins, exactly
//! like Django trying patterns in order. Differences from Django:
//!
//! * **Static text beats parameters** whatever the insertion order (matchit's
//!   priority: static, then parameters with a prefix/suffix, then a plain
//!   parameter, then a catch-all). `articles/<int:year>/` never sees
//!   `/articles/2024/` if `articles/2024/` exists.
//! * Converter fall-through only happens between patterns of the *same shape*.
//!   Once matchit has chosen a shape, if none of its candidates accepts the
//!   values the result is "no match", even if a pattern of another shape would
//!   have accepted them.
//! * Shapes matchit cannot tell apart are rejected by [`Router::insert`] with
//!   [`RouteError::Conflict`], e.g. `<str:a>/` next to `<path:rest>`, or
//!   `a<str:x>/` next to `<str:x>b/`.
//! * Trailing slashes are significant (Django with `APPEND_SLASH` off).
//!
//! # Percent-encoding
//!
//! The request path is matched in a canonical form: every valid `%XX` escape is
//! decoded except `%2F` (`/`) and `%25` (`%`), which stay encoded so an encoded
//! slash never splits a segment; `{` and `}` (raw or encoded) become `%7B` and
//! `%7D`, so the static text of a pattern never contains a matchit brace and
//! cannot declare a parameter. A `%` that starts no valid escape counts as
//! `%25`. If decoding yields invalid UTF-8 nothing matches. Static pattern text
//! is compared with that canonical form, so `café/` matches `/caf%C3%A9/`.
//! Captured values are then fully decoded, and **converters check the decoded
//! value**: `%20` in a `str` parameter gives a space; `%2F` is captured inside
//! its segment, decodes to `/`, and is therefore rejected by `int`, `str`,
//! `slug` and `uuid` but accepted by `path`; `%31` is accepted by `int` as `1`.
//! So every value in [`Params`] satisfies its converter's [`Converter::accepts`],
//! and [`Router::reverse`] accepts exactly those values.
//!
//! [`Router::reverse`] percent-encodes everything except unreserved characters,
//! RFC 3986 sub-delimiters, `:` and `@` (and `/` in static text and `path`
//! values), writes `.`/`..` segments as `%2E`/`%2E%2E` and a leading `//` as
//! `/%2F`, so `at(&reverse(..)?)` gives back the same values.

mod error;
mod key;
mod params;
mod percent;
mod reverse;
mod router;

#[cfg(test)]
mod tests;

pub use error::{ReverseError, RouteError};
pub use params::Params;
pub use router::Router;
#[cfg(test)]
use twain_pattern::MAX_PARAMS;
pub use twain_pattern::{Converter, ParamKind};
