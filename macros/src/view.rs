//! `#[view]`: parse → check → expand. The expansion is `expand::shell`'s
//! (the `impl View` in `expand::view`); on errors, the same shell holds the
//! function as written beside them and a stand-in for the view, so code
//! naming it adds no errors of its own.

use proc_macro2::TokenStream;

use crate::check::view_rules::check_view;
use crate::errors::Errors;
use crate::expand::paths::Paths;
use crate::expand::shell::{Content, emit};
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
        Ok(()) => emit(func, item, Item::View, Content::Unit(&analysis), &paths),
        Err(error) => emit(func, item, Item::View, Content::Stub(error), &paths),
    }
}
