//! `#[middleware]`: parse → check → expand, as `#[view]` does. The expansion
//! is in `expand::middleware`; on errors, the function is emitted as written
//! beside them, with a stand-in for the middleware (`expand::stub`).

use proc_macro2::TokenStream;

use crate::check::middleware_rules::check_middleware;
use crate::errors::Errors;
use crate::expand::paths::Paths;
use crate::expand::{middleware::expand, stub};
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
        Ok(()) => expand(&func, &item, &analysis, &paths),
        Err(error) => stub::with_errors(&func, Item::Middleware, item, error, &paths),
    }
}
