//! `#[middleware]`: parse → validate → expand, as `#[view]` does. The user's
//! function is emitted as written inside a `const _` block; beside it comes a
//! unit struct with the same name that implements the runtime's `Middleware`
//! trait (so `App::middleware(name)` receives the adapter) and derefs to a fn
//! pointer (so `name(req, next)` still calls the function).

mod expand;
mod rules;

use proc_macro2::{Span, TokenStream};
use syn::ItemFn;

use crate::errors::{Errors, item_with_errors};
use crate::options::parse_middleware_options;
use crate::signature::{Item, analyze};

pub(crate) fn middleware(args: TokenStream, item: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            let error = syn::Error::new(
                Span::call_site(),
                "#[middleware] goes on a function: `fn name(req: Request, next: SyncNext)` or `async fn name(req: Request, next: Next)`",
            );
            return item_with_errors(item, error);
        }
    };
    let mut errors = Errors::default();
    let options = parse_middleware_options(args, &mut errors);
    let analysis = analyze(&func.sig, Item::Middleware, false, &mut errors);
    rules::check_middleware(&func, &options, &analysis, &mut errors);
    match errors.finish() {
        Ok(()) => expand::expand(&func, &analysis),
        Err(error) => item_with_errors(item, error),
    }
}
