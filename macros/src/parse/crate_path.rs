//! The value of the `crate = "path"` option every macro takes: a string
//! literal holding the path twain is reachable at from the call site (a
//! renamed dependency, a facade that re-exports twain). A missing or malformed
//! value is an error at the user's tokens that names the fix.

use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Expr, ExprLit, Lit, LitStr};

use crate::errors::Errors;

/// What the messages suggest when the user's own path cannot be shown.
const EXAMPLE: &str = "`crate = \"path::to::twain\"`";

/// Reads the value after `crate`; `Ok(None)` when it was reported as wrong.
/// `Err` only when the attribute's syntax cannot be read on.
pub(crate) fn parse_value(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) -> syn::Result<Option<syn::Path>> {
    if meta.input.peek(syn::Token![=]) {
        let value: Expr = meta.value()?.parse()?;
        return Ok(from_expr(&value, errors));
    }
    if meta.input.peek(syn::token::Paren) {
        let nested;
        syn::parenthesized!(nested in meta.input);
        let _: proc_macro2::TokenStream = nested.parse()?;
        errors.at(
            &meta.path,
            format!("`crate` takes its value after `=`, not in parentheses: write {EXAMPLE}"),
        );
        return Ok(None);
    }
    errors.at(
        &meta.path,
        format!(
            "`crate` needs a value: write {EXAMPLE}, the path twain is reachable at from here (a renamed dependency, or a crate that re-exports twain)"
        ),
    );
    Ok(None)
}

fn from_expr(value: &Expr, errors: &mut Errors) -> Option<syn::Path> {
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => from_string(lit, errors),
        Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => {
            let written = path.path.to_token_stream().to_string().replace(' ', "");
            errors.at(
                value,
                format!("`crate` takes its path as a string: write `crate = \"{written}\"`"),
            );
            None
        }
        _ => {
            errors.at(
                value,
                format!(
                    "`crate` takes a string holding a path: write {EXAMPLE}, the path twain is reachable at from here"
                ),
            );
            None
        }
    }
}

/// The path in `lit`, spanned on the literal, so that a path that does not
/// resolve is reported at the user's string.
fn from_string(lit: &LitStr, errors: &mut Errors) -> Option<syn::Path> {
    match lit.parse_with(syn::Path::parse_mod_style) {
        Ok(path) => Some(path),
        Err(_) => {
            let value = lit.value();
            let what = if value.trim().is_empty() {
                "an empty string is not a path".to_owned()
            } else {
                format!("`{value}` is not a path to a crate or module")
            };
            errors.at_span(
                lit.span(),
                format!(
                    "{what}: `crate` takes the path twain is reachable at from here, such as `crate = \"tw\"` or `crate = \"my_facade::twain\"`"
                ),
            );
            None
        }
    }
}
