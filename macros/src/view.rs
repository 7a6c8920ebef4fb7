//! `#[view]`: parse → check → expand. The expansion is in `expand::view`; on
//! errors, the function is emitted as written beside them, with a stand-in
//! for the view (`expand::stub`) so code naming it adds no errors of its own.

use proc_macro2::TokenStream;

use crate::check::view_rules::check_view;
use crate::errors::Errors;
use crate::expand::paths::Paths;
use crate::expand::{stub, view::expand};
use crate::parse::fn_head::parse_fn_head;
use crate::parse::options::parse_view_options;
use crate::parse::signature::{Item, analyze};

pub(crate) fn view(args: TokenStream, item: TokenStream) -> TokenStream {
    let head = match parse_fn_head(
        &item,
        "#[view] goes on a function: `fn name(..)` or `async fn name(..)`",
    ) {
        Ok(head) => head,
        Err(out) => return out,
    };
    let func = &head.func;
    let mut errors = Errors::default();
    let options = parse_view_options(args, &mut errors);
    let analysis = analyze(&func.sig, Item::View, options.inline.is_some(), &mut errors);
    check_view(&head, &options, &analysis, &mut errors);
    let paths = Paths::new(options.crate_path);
    match errors.finish() {
        Ok(()) => expand(func, &item, &analysis, &paths),
        Err(error) => stub::with_errors(func, Item::View, item, error, &paths),
    }
}
