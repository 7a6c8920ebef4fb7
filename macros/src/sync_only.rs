//! `#[sync_only]`: parse → check → expand. Turns a user function into a
//! sync-only API (see `expand::sync_only`); on errors, the function is emitted
//! as written beside them.

use proc_macro2::TokenStream;

use crate::check::sync_only_rules::check_sync_only;
use crate::errors::{Errors, item_with_errors};
use crate::expand::paths::Paths;
use crate::expand::sync_only::expand;
use crate::parse::capability::capability_arg;
use crate::parse::item::parse_fn;
use crate::parse::options::parse_sync_only_options;

pub(crate) fn sync_only(args: TokenStream, item: TokenStream) -> TokenStream {
    let func = match parse_fn(
        &item,
        "#[sync_only] goes on a function: `fn name(cx: Blocking, ..)`",
    ) {
        Ok(func) => func,
        Err(out) => return out,
    };
    let mut errors = Errors::default();
    let options = parse_sync_only_options(args, &mut errors);
    let capability = capability_arg(&func);
    check_sync_only(&func, capability, &mut errors);
    match (errors.finish(), capability) {
        (Ok(()), Some(index)) => expand(func, index, &Paths::new(options.crate_path)),
        (Err(error), _) => item_with_errors(item, error),
        (Ok(()), None) => unreachable!("a missing capability is an error"),
    }
}
