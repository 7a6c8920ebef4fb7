//! What every part of a view's or middleware's expansion reads of the
//! function: its name, its analysed signature, and its argument and result
//! types, each handed to the compiler once however often it is written.

use proc_macro2::{Ident, TokenStream};
use syn::visit::Visit;
use syn::{ItemFn, Lifetime, Type};

use crate::expand::text::Text;
use crate::parse::signature::{Analysis, ArgKind, Mode};

/// The most extractor arguments the runtime's generic adapters and shared
/// `Deref` targets take (runtime `contract/arities.rs`).
pub(crate) const MAX_ARITY: usize = 8;

pub(crate) struct Unit<'a> {
    /// The name as the user wrote it: where an error about the item is
    /// reported (the struct, each `impl`'s header).
    pub(crate) name: &'a Ident,
    /// The name as text, where it is only a path to the function or the
    /// struct in code no error points into.
    pub(crate) name_text: String,
    pub(crate) analysis: &'a Analysis,
    /// Each argument's type as written.
    pub(crate) tys: Vec<TokenStream>,
    /// The result's type, when it can be named.
    pub(crate) out: Option<TokenStream>,
    /// Whether an async unit's argument has an elided lifetime (`&T`,
    /// `'_`): it then derefs through a shim of its own.
    pub(crate) elided_lifetimes: bool,
}

impl<'a> Unit<'a> {
    pub(crate) fn new(func: &'a ItemFn, analysis: &'a Analysis) -> Self {
        Unit {
            name: &func.sig.ident,
            name_text: func.sig.ident.to_string(),
            analysis,
            tys: analysis
                .args
                .iter()
                .map(|arg| Text::solid(&arg.ty))
                .collect(),
            out: analysis.output.nameable.as_ref().map(Text::solid),
            elided_lifetimes: analysis.mode == Mode::Async
                && analysis
                    .args
                    .iter()
                    .any(|arg| has_elided_lifetimes(&arg.ty)),
        }
    }

    /// Whether every argument is an extractor, at most [`MAX_ARITY`] of
    /// them: then the handler is the runtime's generic adapter.
    pub(crate) fn takes_only_extractors(&self) -> bool {
        self.tys.len() <= MAX_ARITY
            && self
                .analysis
                .args
                .iter()
                .all(|arg| matches!(arg.kind, ArgKind::Extract { .. }))
    }

    /// How many arguments are extracted.
    pub(crate) fn extracted(&self) -> usize {
        self.analysis
            .args
            .iter()
            .filter(|arg| matches!(arg.kind, ArgKind::Extract { .. }))
            .count()
    }
}

/// Whether `ty` has an elided lifetime (`&T`, `'_`).
fn has_elided_lifetimes(ty: &Type) -> bool {
    struct Finder(bool);
    impl Visit<'_> for Finder {
        fn visit_type_reference(&mut self, node: &syn::TypeReference) {
            self.0 |= node.lifetime.is_none();
            syn::visit::visit_type_reference(self, node);
        }
        fn visit_lifetime(&mut self, node: &Lifetime) {
            self.0 |= node.ident == "_";
        }
    }
    let mut finder = Finder(false);
    finder.visit_type(ty);
    finder.0
}
