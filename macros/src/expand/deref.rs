//! The `Deref` of a view's or middleware's unit struct to its function, so
//! the name is still callable as written (`index(&req)`, `auth(req, next)`).

use proc_macro2::{Delimiter, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::visit_mut::VisitMut;
use syn::{Ident, Lifetime, Type};

use crate::expand::text::Text;
use crate::expand::unit::{MAX_ARITY, Unit};
use crate::parse::signature::{Item, Mode};

/// Names every elided lifetime in `ty` (`&T`, `'_`) `lifetime`; returns how many.
fn name_elided_lifetimes(ty: &mut Type, lifetime: &Lifetime) -> usize {
    struct Namer<'l>(&'l Lifetime, usize);
    impl VisitMut for Namer<'_> {
        fn visit_type_reference_mut(&mut self, node: &mut syn::TypeReference) {
            if node.lifetime.is_none() {
                node.lifetime = Some(self.0.clone());
                self.1 += 1;
            }
            syn::visit_mut::visit_type_reference_mut(self, node);
        }
        fn visit_lifetime_mut(&mut self, node: &mut Lifetime) {
            if node.ident == "_" {
                *node = self.0.clone();
                self.1 += 1;
            }
        }
    }
    let mut namer = Namer(lifetime, 0);
    namer.visit_type_mut(ty);
    namer.1
}

/// `tokens` separated by `,` (none after the last).
pub(crate) fn list<T: ToTokens>(t: &mut Text, tokens: &[T]) {
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            t.tokens(Punct::new(',', Spacing::Alone));
        }
        t.tokens(token);
    }
}

/// Whether an async unit derefs to the runtime's shared target for its
/// arity (`async_view_deref_N`, `async_deref_N`): its result can be named,
/// it has at most [`MAX_ARITY`] arguments, none with an elided lifetime.
fn shared_async_deref(unit: &Unit) -> bool {
    unit.analysis.mode == Mode::Async
        && unit.out.is_some()
        && unit.tys.len() <= MAX_ARITY
        && !unit.elided_lifetimes
}

/// The argument types of an async unit with every elided lifetime named
/// `'__t` (a shim's `for<'__t>`), and how many were.
fn named_types(unit: &Unit) -> (Vec<Type>, usize) {
    let lifetime = Lifetime::new("'__t", Span::mixed_site());
    let mut named = 0;
    let tys = unit
        .analysis
        .args
        .iter()
        .map(|arg| {
            let mut ty = arg.ty.clone();
            named += name_elided_lifetimes(&mut ty, &lifetime);
            ty
        })
        .collect();
    (tys, named)
}

/// Whether the `Deref` of an async view checks that its future is `Send`
/// (`async_view_deref_N`), so no separate check is needed.
pub(crate) fn deref_checks_send(unit: &Unit, kind: Item) -> bool {
    kind == Item::View && shared_async_deref(unit)
}

/// `impl Deref for name`. A sync unit derefs to its own signature (the fn
/// itself when its result can be named); an async one to a callable
/// returning a boxed future: the runtime's shared one for its arity, else a
/// shim of its own. A result that is an `impl Trait` comes back as a
/// `Response`.
pub(crate) fn deref_impl(t: &mut Text, unit: &Unit, kind: Item) {
    let paths = t.paths();
    let name = unit.name;
    let (named_tys, named) = match unit.analysis.mode {
        Mode::Async if unit.elided_lifetimes => named_types(unit),
        _ => (Vec::new(), 0),
    };
    let shared = shared_async_deref(unit);
    t.str("impl")
        .path(&paths.deref())
        .str("for")
        .tokens(name)
        .braces(|t| {
            if shared {
                // The runtime's shared target holds the function: `dyn Fn`.
                let out = unit
                    .out
                    .as_ref()
                    .expect("a shared target's result is nameable");
                t.str("type Target = dyn Fn")
                    .group(Delimiter::Parenthesis, |t| list(t, &unit.tys))
                    .str("->")
                    .path(&paths.box_future())
                    .str("<")
                    .tokens(out)
                    .str("> ; fn deref(&self) -> &Self::Target")
                    .braces(|t| {
                        let n = unit.tys.len();
                        match kind {
                            Item::View => {
                                t.tokens(checked_async_deref(name, n, t.paths()));
                            }
                            Item::Middleware => {
                                t.path(&paths.async_deref(n));
                            }
                            Item::Task => {
                                unreachable!("#[task] has an expansion of its own (expand::task)")
                            }
                        }
                        t.str(&format!("({})", unit.name_text));
                    });
                return;
            }
            if unit.analysis.mode != Mode::Async
                && let Some(out) = &unit.out
            {
                // A sync fn whose result is its own needs no shim: the fn
                // itself, cast to its pointer (a promoted constant).
                t.str("type Target = fn")
                    .group(Delimiter::Parenthesis, |t| list(t, &unit.tys))
                    .str("->")
                    .tokens(out)
                    .str(&format!(
                        "; fn deref(&self) -> &Self::Target {{ &({} as Self::Target) }}",
                        unit.name_text
                    ));
                return;
            }
            let target = |t: &mut Text| {
                if named > 0 {
                    t.str("for<")
                        .tokens(Lifetime::new("'__t", Span::mixed_site()))
                        .str("> fn")
                        .group(Delimiter::Parenthesis, |t| list(t, &named_tys));
                } else {
                    t.str("fn")
                        .group(Delimiter::Parenthesis, |t| list(t, &unit.tys));
                }
                t.str("->");
                shim_result(t, unit, named);
            };
            t.str("type Target =");
            target(t);
            t.str("; fn deref(&self) -> &Self::Target")
                .braces(|t| shim(t, unit, &named_tys, named, target));
        });
}

/// What a shim returns: the result, or a `Response` for an `impl Trait`;
/// boxed for an async unit.
fn shim_result(t: &mut Text, unit: &Unit, named: usize) {
    let paths = t.paths();
    let result = |t: &mut Text| match &unit.out {
        Some(out) => {
            t.tokens(out);
        }
        None => {
            t.path(&paths.response());
        }
    };
    match unit.analysis.mode {
        Mode::Sync | Mode::Inline => result(t),
        Mode::Async if named > 0 => {
            t.path(&paths.pin())
                .str("<")
                .path(&paths.boxed())
                .str("<dyn")
                .path(&paths.future())
                .str("<Output =");
            result(t);
            t.str(">+")
                .path(&paths.send())
                .str("+")
                .tokens(Lifetime::new("'__t", Span::mixed_site()))
                .str("> >");
        }
        Mode::Async => {
            t.path(&paths.box_future()).str("<");
            result(t);
            t.str(">");
        }
    }
}

/// A fn of the unit's own calling the function, and the pointer to it.
fn shim(t: &mut Text, unit: &Unit, named_tys: &[Type], named: usize, target: impl Fn(&mut Text)) {
    let paths = t.paths();
    let shim = Ident::new("__shim", Span::mixed_site());
    let params: Vec<Ident> = (0..unit.tys.len())
        .map(|i| Ident::new(&format!("__p{i}"), Span::mixed_site()))
        .collect();
    let call = |t: &mut Text| {
        t.str(&unit.name_text)
            .group(Delimiter::Parenthesis, |t| list(t, &params));
    };
    t.str("#[allow(clippy::too_many_arguments)] fn")
        .tokens(&shim);
    if named > 0 {
        t.str("<")
            .tokens(Lifetime::new("'__t", Span::mixed_site()))
            .str(">");
    }
    t.group(Delimiter::Parenthesis, |t| {
        for (i, param) in params.iter().enumerate() {
            if i > 0 {
                t.str(",");
            }
            t.tokens(param).str(":");
            if named > 0 {
                t.tokens(&named_tys[i]);
            } else {
                t.tokens(&unit.tys[i]);
            }
        }
    })
    .str("->");
    shim_result(t, unit, named);
    t.braces(|t| match (unit.analysis.mode, &unit.out) {
        (Mode::Sync | Mode::Inline, Some(_)) => call(t),
        (Mode::Sync | Mode::Inline, None) => {
            t.path(&paths.into_response())
                .group(Delimiter::Parenthesis, call);
        }
        (Mode::Async, Some(_)) if named == 0 => {
            t.path(&paths.box_future_of())
                .group(Delimiter::Parenthesis, call);
        }
        (Mode::Async, Some(_)) => {
            t.path(&paths.boxed())
                .str("::pin")
                .group(Delimiter::Parenthesis, call);
        }
        (Mode::Async, None) => {
            t.path(&paths.boxed())
                .str("::pin")
                .group(Delimiter::Parenthesis, |t| {
                    t.str("async move").braces(|t| {
                        t.path(&paths.into_response())
                            .group(Delimiter::Parenthesis, |t| {
                                call(t);
                                t.str(".await");
                            });
                    });
                });
        }
    });
    t.str("&").group(Delimiter::Parenthesis, |t| {
        t.tokens(&shim).str("as");
        target(t);
    });
}

/// `async_view_deref_N::<name, _, ..>` for an async view with `n`
/// arguments, every token spanned on the view's name: a future that is not
/// `Send` is reported there, as the separate check of other async views
/// reports it (`expand::send_assert`).
fn checked_async_deref(name: &Ident, n: usize, paths: &crate::expand::paths::Paths) -> TokenStream {
    let span = name.span();
    let path = paths.async_view_deref(n).spanned(span);
    let inferred = (0..n + 3).map(|_| quote_spanned!(span=> _));
    quote_spanned!(span=> #path::<#name #(, #inferred)*>)
}
