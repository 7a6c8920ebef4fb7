//! `#[middleware]`: parse → validate → expand, as `#[view]` does. The user's
//! function is emitted as written inside a `const _` block; beside it comes a
//! unit struct with the same name that implements the runtime's `Middleware`
//! trait (so `App::middleware(name)` receives the adapter) and derefs to a fn
//! pointer (so `name(req, next)` still calls the function).

use proc_macro2::TokenStream;

use crate::errors::{Errors, parse_fn};
use crate::expand::stub;
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
    crate::check::middleware_rules::check_middleware(&func, &options, &analysis, &mut errors);
    match errors.finish() {
        Ok(()) => crate::expand::middleware::expand(&func, &analysis),
        Err(error) => stub::with_errors(&func, Item::Middleware, item, error),
    }
}
