//! The body of a `select!` (tokio's, and `futures::select!` /
//! `select_biased!`), parsed into its branches so the walk (`walk.rs`) can
//! look into them: a future's expression, its `, if` precondition and its
//! handler all run on the executor, where the macro is written.
//!
//! ```text
//! biased;                                   // tokio, optional
//! pattern = future, if precondition => handler,
//! else => handler                           // tokio
//! complete => handler, default => handler   // futures
//! ```
//!
//! A body this does not read (another macro named `select`, a syntax to
//! come) is not looked into: nothing is guessed at.

use syn::parse::ParseStream;
use syn::{Expr, Pat, Token};

/// One branch of a `select!`.
pub(crate) struct Branch {
    /// What the future's output is bound to (`None` for `else`,
    /// `complete`, `default`).
    pub(crate) pat: Option<Pat>,
    pub(crate) future: Option<Expr>,
    pub(crate) condition: Option<Expr>,
    pub(crate) handler: Expr,
}

/// Parses a `select!` body into its branches.
pub(crate) fn branches(input: ParseStream) -> syn::Result<Vec<Branch>> {
    let mut branches = Vec::new();
    if input.peek(syn::Ident) && input.peek2(Token![;]) {
        let biased: syn::Ident = input.parse()?;
        if biased != "biased" {
            return Err(syn::Error::new(biased.span(), "not a select! body"));
        }
        input.parse::<Token![;]>()?;
    }
    while !input.is_empty() {
        let keyword_arm = input.peek(Token![else])
            || (input.peek(Token![default]) && input.peek2(Token![=>]))
            || (input.peek(syn::Ident) && input.peek2(Token![=>]));
        let branch = if keyword_arm {
            if input.peek(Token![else]) {
                input.parse::<Token![else]>()?;
            } else if input.peek(Token![default]) {
                input.parse::<Token![default]>()?;
            } else {
                input.parse::<syn::Ident>()?;
            }
            input.parse::<Token![=>]>()?;
            Branch {
                pat: None,
                future: None,
                condition: None,
                handler: input.parse()?,
            }
        } else {
            let pat = Pat::parse_multi_with_leading_vert(input)?;
            input.parse::<Token![=]>()?;
            let future: Expr = input.parse()?;
            let condition = if input.peek(Token![,]) && input.peek2(Token![if]) {
                input.parse::<Token![,]>()?;
                input.parse::<Token![if]>()?;
                Some(input.parse()?)
            } else {
                None
            };
            input.parse::<Token![=>]>()?;
            Branch {
                pat: Some(pat),
                future: Some(future),
                condition,
                handler: input.parse()?,
            }
        };
        branches.push(branch);
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(branches)
}

#[cfg(test)]
mod tests {
    use syn::parse::Parser;

    use super::branches;

    fn count(body: &str) -> Option<usize> {
        let tokens: proc_macro2::TokenStream = body.parse().unwrap();
        branches.parse2(tokens).ok().map(|b| b.len())
    }

    #[test]
    fn reads_tokio_and_futures_bodies() {
        assert_eq!(
            count("biased; v = rx.recv() => { v }, _ = sleep(d), if on => 1, else => 2"),
            Some(3)
        );
        assert_eq!(count("Some(x) = a => { x } Ok(y) = b => { y }"), Some(2));
        assert_eq!(
            count("x = a.fuse() => x, complete => 0, default => 1"),
            Some(3)
        );
        assert_eq!(count("not a body"), None);
    }
}
