//! The compile-time half of checking a route against its view, run by the
//! code `#[routes]` generates for each `.route("pattern", view)`: the
//! pattern's parameters (parsed by the macro) against the view's route
//! arguments (a const `#[view]` puts on the view), in const code, so a
//! mismatch fails `cargo build` at the pattern with a message naming both
//! sides. The run-time check (`routes.rs`) stays the backstop for routes the
//! macro cannot see.

use crate::routing::{Converter, ParamKind};

/// One route argument of a view, as `#[view]` exports it.
#[derive(Debug, Clone, Copy)]
pub struct RouteArg {
    /// The argument's name.
    pub name: &'static str,
    /// Its type as written, for messages.
    pub ty: &'static str,
    /// Whether it is a route parameter (else an extractor: not checked).
    pub param: bool,
    /// What text its type parses from.
    pub kind: ParamKind,
}

/// A view's name and arguments, as `#[view]` exports them.
#[derive(Debug, Clone, Copy)]
pub struct RouteView {
    pub name: &'static str,
    pub args: &'static [RouteArg],
    /// `false` for a view whose `#[view]` reported errors: not checked.
    pub known: bool,
}

/// What one route's check found: empty when it is fine, else the message.
pub struct RouteReport {
    buf: [u8; 4096],
    len: usize,
}

impl RouteReport {
    /// Whether the check found a problem.
    pub const fn failed(&self) -> bool {
        self.len > 0
    }

    /// The message.
    pub const fn as_str(&self) -> &str {
        let (text, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(text) {
            Ok(text) => text,
            Err(_) => "the route does not match its view",
        }
    }

    /// Appends `text`, or nothing when it does not fit whole (the message
    /// is then cut, never broken inside a character).
    const fn push(&mut self, text: &str) {
        let bytes = text.as_bytes();
        if self.len + bytes.len() > self.buf.len() {
            return;
        }
        let mut i = 0;
        while i < bytes.len() {
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
    }

    const fn problem(&mut self) {
        if self.len > 0 {
            self.push("\n");
        }
    }
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Checks `pattern` (its parameters `params`, parsed by the macro) against
/// `view`. `complete`: the pattern is the route's whole pattern (a route of
/// an `App`); a route of a `Routes` group may get more parameters from the
/// prefix it is included under, so only the other direction is checked.
pub const fn check_route(
    pattern: &str,
    params: &[(&str, Converter)],
    complete: bool,
    view: RouteView,
) -> RouteReport {
    let mut report = RouteReport {
        buf: [0; 4096],
        len: 0,
    };
    if !view.known {
        return report;
    }
    if complete && renamed(params, view, &mut report, pattern) {
        return report;
    }
    let mut p = 0;
    while p < params.len() {
        let (name, converter) = params[p];
        let mut found = None;
        let mut a = 0;
        while a < view.args.len() {
            if view.args[a].param && same(view.args[a].name, name) {
                found = Some(view.args[a]);
            }
            a += 1;
        }
        match found {
            None => {
                report.problem();
                report.push("route `");
                report.push(pattern);
                report.push("` has the parameter `<");
                report.push(converter.name());
                report.push(":");
                report.push(name);
                report.push(">`, but view `");
                report.push(view.name);
                report.push("` takes no argument `");
                report.push(name);
                report.push("`");
                push_params(&mut report, view);
                report.push("; name the argument like the parameter (`");
                report.push(name);
                report.push(": Type`), or the parameter like the argument");
            }
            Some(arg) if !converter.can_parse_into(arg.kind) => {
                report.problem();
                report.push("route `");
                report.push(pattern);
                report.push("` gives `");
                report.push(name);
                report.push("` through the `");
                report.push(converter.name());
                report.push("` converter, whose values never parse into the `");
                report.push(arg.ty);
                report.push("` of view `");
                report.push(view.name);
                report.push("`'s argument `");
                report.push(name);
                report.push(": ");
                report.push(arg.ty);
                report.push("`; change the converter (`<str:");
                report.push(name);
                report.push(">` takes any segment) or the argument's type");
            }
            Some(_) => {}
        }
        p += 1;
    }
    if complete {
        let mut a = 0;
        while a < view.args.len() {
            let arg = view.args[a];
            let mut given = false;
            let mut p = 0;
            while p < params.len() {
                given |= same(params[p].0, arg.name);
                p += 1;
            }
            if arg.param && !given {
                report.problem();
                report.push("view `");
                report.push(view.name);
                report.push("` takes the route parameter `");
                report.push(arg.name);
                report.push(": ");
                report.push(arg.ty);
                report.push("`, but route `");
                report.push(pattern);
                report.push("` has no `<");
                report.push(arg.name);
                report.push(">`");
                if params.is_empty() {
                    report.push(" (it has no parameters)");
                } else {
                    report.push(" (its parameters: ");
                    let mut p = 0;
                    while p < params.len() {
                        if p > 0 {
                            report.push(", ");
                        }
                        report.push("`");
                        report.push(params[p].0);
                        report.push("`");
                        p += 1;
                    }
                    report.push(")");
                }
                report.push("; add `<");
                report.push(arg.name);
                report.push(">` to the pattern, or rename the argument to one of its parameters");
            }
            a += 1;
        }
    }
    report
}

/// The one parameter the view does not take, if there is exactly one.
const fn only_unmatched_param<'a>(
    params: &[(&'a str, Converter)],
    view: RouteView,
) -> Option<(&'a str, Converter)> {
    let mut found = None;
    let mut p = 0;
    while p < params.len() {
        let mut taken = false;
        let mut a = 0;
        while a < view.args.len() {
            taken |= view.args[a].param && same(view.args[a].name, params[p].0);
            a += 1;
        }
        if !taken {
            if found.is_some() {
                return None;
            }
            found = Some(params[p]);
        }
        p += 1;
    }
    found
}

/// One parameter the view does not take and one route argument the pattern
/// does not have: the same value, named two ways. Reports it in one message.
const fn renamed(
    params: &[(&str, Converter)],
    view: RouteView,
    report: &mut RouteReport,
    pattern: &str,
) -> bool {
    let Some((param, converter)) = only_unmatched_param(params, view) else {
        return false;
    };
    let mut arg = None;
    let mut a = 0;
    while a < view.args.len() {
        let candidate = view.args[a];
        let mut given = false;
        let mut p = 0;
        while p < params.len() {
            given |= same(params[p].0, candidate.name);
            p += 1;
        }
        if candidate.param && !given {
            if arg.is_some() {
                return false;
            }
            arg = Some(candidate);
        }
        a += 1;
    }
    let Some(arg) = arg else {
        return false;
    };
    report.push("route `");
    report.push(pattern);
    report.push("` names its parameter `<");
    report.push(converter.name());
    report.push(":");
    report.push(param);
    report.push(">`, but view `");
    report.push(view.name);
    report.push("` takes it as `");
    report.push(arg.name);
    report.push(": ");
    report.push(arg.ty);
    report.push("`; use one name on both sides: rename the argument to `");
    report.push(param);
    report.push(": ");
    report.push(arg.ty);
    report.push("`, or the parameter to `<");
    report.push(converter.name());
    report.push(":");
    report.push(arg.name);
    report.push(">`");
    if !converter.can_parse_into(arg.kind) {
        report.push("\n");
        report.push("and the `");
        report.push(converter.name());
        report.push("` converter's values never parse into `");
        report.push(arg.ty);
        report.push("`: change the converter or the argument's type");
    }
    true
}

/// `` (its route parameters: `a: u32`, …)`` of `view`.
const fn push_params(report: &mut RouteReport, view: RouteView) {
    let mut first = true;
    let mut a = 0;
    while a < view.args.len() {
        let arg = view.args[a];
        if arg.param {
            report.push(if first {
                " (its route parameters: `"
            } else {
                ", `"
            });
            report.push(arg.name);
            report.push(": ");
            report.push(arg.ty);
            report.push("`");
            first = false;
        }
        a += 1;
    }
    if first {
        report.push(" (it takes no route parameters)");
    } else {
        report.push(")");
    }
}

/// The pattern of a view's route, known at compile time: implemented by
/// `#[routes]` for each view routed on an `App::new()` chain, read by `uri!`.
#[diagnostic::on_unimplemented(
    message = "`uri!` does not know the route of `{Self}`",
    label = "no route known at compile time",
    note = "`uri!` builds the path of a view routed with `.route(\"pattern\", view)` on an `App::new()` chain inside a `#[routes]` function, in this crate",
    note = "a route in a `Routes` group gets its prefix only when it is mounted: build its path with `req.reverse(name, params)`"
)]
pub trait Routed {
    /// The route's whole pattern.
    const PATTERN: &'static str;
}

/// Checks the parameters given to `uri!` against `view`'s route arguments:
/// each given once, none missing, none unknown.
pub const fn check_uri(view: RouteView, given: &[&str]) -> RouteReport {
    let mut report = RouteReport {
        buf: [0; 4096],
        len: 0,
    };
    if !view.known {
        return report;
    }
    let mut g = 0;
    while g < given.len() {
        let mut taken = false;
        let mut a = 0;
        while a < view.args.len() {
            taken |= view.args[a].param && same(view.args[a].name, given[g]);
            a += 1;
        }
        let mut earlier = false;
        let mut e = 0;
        while e < g {
            earlier |= same(given[e], given[g]);
            e += 1;
        }
        if earlier {
            report.problem();
            report.push("`uri!` gives `");
            report.push(given[g]);
            report.push("` twice: give each parameter once");
        } else if !taken {
            report.problem();
            report.push("`uri!`: view `");
            report.push(view.name);
            report.push("` takes no route parameter `");
            report.push(given[g]);
            report.push("`");
            push_params(&mut report, view);
        }
        g += 1;
    }
    let mut a = 0;
    while a < view.args.len() {
        let arg = view.args[a];
        let mut found = false;
        let mut g = 0;
        while g < given.len() {
            found |= same(given[g], arg.name);
            g += 1;
        }
        if arg.param && !found {
            report.problem();
            report.push("`uri!` misses the parameter `");
            report.push(arg.name);
            report.push(": ");
            report.push(arg.ty);
            report.push("` of view `");
            report.push(view.name);
            report.push("`: add `");
            report.push(arg.name);
            report.push(" = value`");
        }
        a += 1;
    }
    report
}

/// The path of `pattern` (the route of view `view`) with `params` filled in
/// and percent-encoded, as `Request::reverse` builds it; an error when a
/// value is rejected by its converter.
pub fn build_uri(
    view: &str,
    pattern: &str,
    params: &[(&str, &dyn std::fmt::Display)],
) -> Result<String, crate::core::Error> {
    let internal = |err: &dyn std::fmt::Display| crate::core::Error::internal(err.to_string());
    let values: Vec<(&str, String)> = params
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let mut router = crate::routing::Router::new();
    router
        .insert(pattern, Some(view), ())
        .map_err(|err| internal(&err))?;
    router.reverse(view, &pairs).map_err(|err| internal(&err))
}
