//! `#[task]`: parse → check → expand, with the view's signature analysis and
//! rules (`check::task_rules`), and an expansion of its own
//! (`expand::task`): the function stays as written, a struct of the same
//! name carries its stored arguments. On errors: the function as written,
//! the errors, and no struct.

use proc_macro2::TokenStream;

use crate::check::task_rules::check_task;
use crate::errors::{Errors, item_with_errors};
use crate::expand::paths::Paths;
use crate::parse::fn_head::parse_fn_head;
use crate::parse::options::parse_task_options;
use crate::parse::signature::{Item, analyze};

pub(crate) fn task(args: TokenStream, item: TokenStream) -> TokenStream {
    let head = match parse_fn_head(
        &item,
        "#[task] goes on a function: `fn name(..)` or `async fn name(..)`",
    ) {
        Ok(head) => head,
        Err(out) => return out,
    };
    let func = &head.func;
    let mut errors = Errors::default();
    let options = parse_task_options(args, &mut errors);
    let analysis = analyze(&func.sig, Item::Task, false, &mut errors);
    check_task(&head, &options, &analysis, &mut errors);
    match errors.finish() {
        Ok(()) => {
            let paths = Paths::new(options.crate_path.clone());
            let mut out = item;
            out.extend(crate::expand::task::task(func, &options, &analysis, &paths));
            out
        }
        Err(error) => item_with_errors(item, error),
    }
}
