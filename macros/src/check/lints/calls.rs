//! The calls into the crate's own code that a walk meets, as written: a
//! path (`load_settings`, `util::load`, `Store::open`, `Self::load`) or a
//! method and what can be told of its receiver's type from the syntax
//! (`self`, an argument or `let` of a named type, a value a function of
//! the crate made, a field of one). `check::helpers` resolves them and
//! follows them into their bodies.

use proc_macro2::TokenStream;

/// A type as written, for finding the crate's own type it names: its path,
/// and the first type argument (`State<Store>`, `Arc<Store>`, `&Store`),
/// tried when the path itself is not the crate's.
#[derive(Clone, Debug)]
pub(crate) struct TypeName {
    pub(crate) path: Vec<String>,
    pub(crate) inner: Option<Box<TypeName>>,
}

/// How the type of a method call's receiver can be found.
#[derive(Clone, Debug)]
pub(crate) enum Recv {
    /// `self`, in a method.
    SelfValue,
    /// A value of a named type (an argument, an annotated `let`, a unit or
    /// literal struct).
    Type(TypeName),
    /// What a call of the function at this path gives (`Store::open(..)?`).
    Made(Vec<String>),
    /// What this method gives on the receiver (`Store::new().with(..)`).
    Returned(Box<Recv>, String),
    /// A field of the receiver (`self.db`, `state.store`).
    Field(Box<Recv>, String),
}

/// What is called.
#[derive(Clone, Debug)]
pub(crate) enum Callee {
    Path(Vec<String>),
    Method(Recv, String),
}

/// One call into code that may be the crate's own, with the tokens an
/// error about it underlines.
pub(crate) struct OwnCall {
    pub(crate) tokens: TokenStream,
    pub(crate) callee: Callee,
}

/// The type `ty` names, through references and parentheses; `None` for
/// anything but a path (a tuple, a slice, `impl Trait`, `dyn Trait`).
pub(crate) fn type_name(ty: &syn::Type) -> Option<TypeName> {
    match ty {
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        syn::Type::Group(g) => type_name(&g.elem),
        syn::Type::Path(path) if path.qself.is_none() => {
            let segments = &path.path.segments;
            let inner = segments.last().and_then(|last| match &last.arguments {
                syn::PathArguments::AngleBracketed(args) => {
                    args.args.iter().find_map(|arg| match arg {
                        syn::GenericArgument::Type(ty) => type_name(ty).map(Box::new),
                        _ => None,
                    })
                }
                _ => None,
            });
            Some(TypeName {
                path: segments.iter().map(|s| s.ident.to_string()).collect(),
                inner,
            })
        }
        _ => None,
    }
}

/// Methods that give back their receiver's type (or the value inside a
/// `Result`, `Option`, lock or smart pointer of it): followed through.
pub(crate) fn keeps_type(method: &str) -> bool {
    matches!(
        method,
        "clone"
            | "to_owned"
            | "unwrap"
            | "expect"
            | "as_ref"
            | "as_mut"
            | "borrow"
            | "borrow_mut"
            | "lock"
            | "read"
            | "write"
            | "deref"
            | "get_ref"
    )
}

/// Methods that run a function given by name in place, where they are
/// called (`.map(parse)`): the function is followed as if called there.
pub(crate) fn runs_fn_in_place(method: &str) -> bool {
    matches!(
        method,
        "map"
            | "and_then"
            | "or_else"
            | "unwrap_or_else"
            | "map_or_else"
            | "map_err"
            | "filter"
            | "filter_map"
            | "flat_map"
            | "for_each"
            | "find"
            | "find_map"
            | "any"
            | "all"
            | "then"
            | "get_or_insert_with"
            | "retain"
    )
}
