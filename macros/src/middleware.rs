//! `#[middleware]`: parse → check → expand, as `#[view]` does, with the same
//! shell (`expand::shell`; the `impl Middleware` in `expand::middleware`).

use proc_macro2::TokenStream;

use crate::check::middleware_rules::check_middleware;
use crate::errors::Errors;
use crate::expand::paths::Paths;
use crate::expand::shell::{Content, emit};
use crate::parse::item::parse_fn;
use crate::parse::options::parse_middleware_options;
use crate::parse::signature::{Item, analyze};

pub(crate) fn middleware(args: TokenStream, item: TokenStream) -> TokenStream {
    let func = match parse_fn(
        &item,
        "#[middleware] goes on a function: `fn name(req: Request, next: SyncNext)` or `async fn name(req: Request, next: Next)`",
    ) {
        Ok(func) => func,
        Err(out) => return out,
    };
    let mut errors = Errors::default();
    let options = parse_middleware_options(args, &mut errors);
    let analysis = analyze(&func.sig, Item::Middleware, false, &mut errors);
    check_middleware(&func, &options, &analysis, &mut errors);
    let paths = Paths::new(options.crate_path);
    match errors.finish() {
        Ok(()) => emit(
            &func,
            item,
            Item::Middleware,
            Content::Unit(&analysis),
            &paths,
        ),
        Err(error) => emit(&func, item, Item::Middleware, Content::Stub(error), &paths),
    }
}
