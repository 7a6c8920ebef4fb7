//! Reads the signature of a view or middleware: its mode (sync, async,
//! inline), what each argument is (the request, a borrow of it, the blocking
//! capability, a middleware's `next`, or an extractor), and the type its result
//! is turned into a response from.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{
    FnArg, GenericArgument, Pat, PathArguments, ReturnType, Signature, Type, TypeParamBound,
};

use crate::errors::Errors;

/// Which macro reads the signature: it names the item in every message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item {
    View,
    Middleware,
    Task,
}

impl Item {
    /// `view` or `middleware`, for messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Item::View => "view",
            Item::Middleware => "middleware",
            Item::Task => "task",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Async,
    Sync,
    Inline,
}

pub(crate) enum ArgKind {
    /// `req: Request`: the request, moved in after every extractor ran.
    Request,
    /// `req: &Request`.
    RequestRef,
    /// `cx: Blocking`: the capability; sync views and middleware only.
    Blocking,
    /// `next: Next` (`sync: false`) or `next: SyncNext` (`sync: true`):
    /// the rest of a middleware chain; middleware only.
    Next { sync: bool },
    /// Anything else: a `FromRequest` type, found by the argument's name.
    /// `pattern` is the span of a destructuring pattern (`Json(v): Json<T>`):
    /// fine for extractors, but a route parameter needs a name.
    Extract { name: String, pattern: Option<Span> },
}

pub(crate) struct Arg {
    pub(crate) kind: ArgKind,
    pub(crate) ty: Type,
}

/// What the view's result is, for the response conversion and for the type the
/// name derefs to.
pub(crate) struct Output {
    /// The type `into_response` is checked against: the return type of a sync
    /// fn, the output of an async one. `None` when it cannot be named (an
    /// `impl Trait`), then the name derefs to a fn returning `Response`.
    pub(crate) nameable: Option<Type>,
    /// The tokens to point response errors at.
    pub(crate) span: Span,
}

pub(crate) struct Analysis {
    pub(crate) mode: Mode,
    pub(crate) args: Vec<Arg>,
    pub(crate) output: Output,
}

/// The last path segment's name, when `ty` is a plain path like `a::b::Name`
/// with no generic arguments.
fn plain_name(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if !matches!(last.arguments, PathArguments::None) {
        return None;
    }
    Some(last.ident.to_string())
}

fn is_blocking_type(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    path.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "Blocking")
}

/// `impl Future<Output = T>`: `Some(Some(T))`; `impl Future` without an
/// output: `Some(None)`; anything else: `None`.
fn impl_future_output(ty: &Type) -> Option<Option<Type>> {
    let Type::ImplTrait(imp) = ty else {
        return None;
    };
    for bound in &imp.bounds {
        let TypeParamBound::Trait(tb) = bound else {
            continue;
        };
        let Some(last) = tb.path.segments.last() else {
            continue;
        };
        if last.ident != "Future" {
            continue;
        }
        if let PathArguments::AngleBracketed(args) = &last.arguments {
            for arg in &args.args {
                if let GenericArgument::AssocType(assoc) = arg
                    && assoc.ident == "Output"
                {
                    return Some(Some(assoc.ty.clone()));
                }
            }
        }
        return Some(None);
    }
    None
}

/// Whether `ty` mentions `impl Trait` anywhere (and so cannot be named).
pub(crate) fn mentions_impl(ty: &Type) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_type(&mut finder, ty);
    finder.0
}

pub(crate) fn analyze(sig: &Signature, item: Item, inline: bool, errors: &mut Errors) -> Analysis {
    let noun = item.noun();
    let returned = match &sig.output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) => Some((**ty).clone()),
    };
    let unit: Type = syn::parse_quote!(());
    let future_output = returned.as_ref().and_then(impl_future_output);
    let is_async = sig.asyncness.is_some() || future_output.is_some();
    let mode = match (is_async, inline) {
        (true, _) => Mode::Async,
        (false, true) => Mode::Inline,
        (false, false) => Mode::Sync,
    };
    let output_ty = match (&future_output, &returned) {
        (Some(inner), _) => inner.clone(),
        (None, Some(ty)) => Some(ty.clone()),
        (None, None) => Some(unit),
    };
    let span = match &sig.output {
        ReturnType::Default => sig.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let output = Output {
        nameable: output_ty.filter(|ty| !mentions_impl(ty)),
        span,
    };

    let mut args = Vec::new();
    for input in &sig.inputs {
        let FnArg::Typed(typed) = input else {
            continue; // receivers are reported by the rules
        };
        let ty = (*typed.ty).clone();
        let kind = match &ty {
            Type::Reference(r) if plain_name(&r.elem).as_deref() == Some("Request") => {
                if r.mutability.is_some() {
                    errors.at(
                        &ty,
                        format!("a {noun} cannot borrow the request mutably: take `req: Request` by value to change it"),
                    );
                }
                ArgKind::RequestRef
            }
            Type::Reference(r) => {
                errors.at(
                    &ty,
                    format!(
                        "a {noun} argument cannot be a reference{}: take `{}` by value",
                        if item == Item::View {
                            ", except `&Request`"
                        } else {
                            ""
                        },
                        quote::ToTokens::to_token_stream(&r.elem)
                            .to_string()
                            .replace(" :: ", "::")
                    ),
                );
                continue;
            }
            _ if plain_name(&ty).as_deref() == Some("Request") => ArgKind::Request,
            _ if is_blocking_type(&ty) => ArgKind::Blocking,
            _ if plain_name(&ty).as_deref() == Some("Next") => ArgKind::Next { sync: false },
            _ if plain_name(&ty).as_deref() == Some("SyncNext") => ArgKind::Next { sync: true },
            _ => match &*typed.pat {
                Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                    ArgKind::Extract {
                        name: ident.ident.to_string(),
                        pattern: None,
                    }
                }
                pat => ArgKind::Extract {
                    name: quote::ToTokens::to_token_stream(pat).to_string(),
                    pattern: Some(pat.span()),
                },
            },
        };
        args.push(Arg { kind, ty });
    }
    Analysis { mode, args, output }
}
