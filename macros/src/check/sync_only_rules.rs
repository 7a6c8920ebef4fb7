//! The rules of a `#[sync_only]` function: it is a plain `fn` (it marks
//! blocking code), and it takes the capability, `cx: Blocking`, first.

use syn::{FnArg, ItemFn};

use crate::errors::Errors;
use crate::parse::capability::blocking_lifetime;

/// `capability` is where [`capability_arg`](crate::parse::capability::capability_arg)
/// found the capability, if it did.
pub(crate) fn check_sync_only(func: &ItemFn, capability: Option<usize>, errors: &mut Errors) {
    not_async(func, errors);
    capability_first(func, capability, errors);
}

fn not_async(func: &ItemFn, errors: &mut Errors) {
    if let Some(token) = &func.sig.asyncness {
        errors.at(
            token,
            format!(
                "an `async fn` cannot be sync-only: `#[sync_only]` marks blocking code; remove `async` from `{}` (async callers reach it through `twain::sync_to_async`)",
                func.sig.ident
            ),
        );
    }
}

fn capability_first(func: &ItemFn, capability: Option<usize>, errors: &mut Errors) {
    let misplaced = func.sig.inputs.iter().skip(1).find(
        |input| matches!(input, FnArg::Typed(typed) if blocking_lifetime(&typed.ty).is_some()),
    );
    if let (None, Some(misplaced)) = (capability, misplaced) {
        errors.at(
            misplaced,
            "put the capability first (after `self`, if any): `#[sync_only]` callers pass `cx` as the first argument",
        );
    } else if capability.is_none() {
        let name = &func.sig.ident;
        errors.at(
            &func.sig.ident,
            format!(
                "a `#[sync_only]` function takes the capability first: write `fn {name}(cx: Blocking, ..)`; sync callers pass their `cx`, async callers call it inside `twain::sync_to_async(|cx| {name}(cx, ..))`"
            ),
        );
    }
}
