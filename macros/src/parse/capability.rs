//! Reads the signature of a `#[sync_only]` function: where its capability
//! argument (`cx: Blocking`, any path ending so, any lifetime) is, and the
//! lifetime it was written with.

use syn::{FnArg, GenericArgument, ItemFn, Lifetime, PathArguments, Type};

/// The index in `inputs` of the first argument after the receiver, when its
/// type is `Blocking` (any path ending so, any lifetime).
pub(crate) fn capability_arg(func: &ItemFn) -> Option<usize> {
    let (index, input) = func
        .sig
        .inputs
        .iter()
        .enumerate()
        .find(|(_, input)| matches!(input, FnArg::Typed(_)))?;
    let FnArg::Typed(typed) = input else {
        return None;
    };
    blocking_lifetime(&typed.ty).map(|_| index)
}

/// For a `Blocking` / `Blocking<'a>` type: `Some(Some('a))` or `Some(None)`
/// when elided (`Blocking`, `Blocking<'_>`).
pub(crate) fn blocking_lifetime(ty: &Type) -> Option<Option<Lifetime>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != "Blocking" {
        return None;
    }
    match &last.arguments {
        PathArguments::None => Some(None),
        PathArguments::AngleBracketed(args) => match args.args.first() {
            Some(GenericArgument::Lifetime(lt)) if lt.ident != "_" => Some(Some(lt.clone())),
            _ => Some(None),
        },
        PathArguments::Parenthesized(_) => None,
    }
}
