//! Procedural macros of [twain](https://docs.rs/twain). Use them through the
//! `twain` crate (`use twain::prelude::*;`), which documents each one with
//! examples; this crate only holds the entry points and what they run.
//!
//! Every macro follows the same pipeline, and the tree says so:
//!
//! - each entry point below is one line, handing `proc_macro2` tokens to its
//!   driver (`view`, `middleware`, `sync_only`), which runs the stages in
//!   order and, on errors, emits the user's item as written plus every error
//!   (and, for views and middleware, a stub that keeps the name usable);
//! - `parse` reads the item, the options and the signature;
//! - `check` applies the rules, collecting every error into one
//!   `errors::Errors` (`syn::Error::combine`);
//! - `expand` generates the code, naming the runtime only through the
//!   paths table (`expand::paths`).
//!
//! Imports point one way: drivers → `check` / `expand` → `parse` → `errors`;
//! `check` and `expand` never import each other.

use proc_macro::TokenStream;

mod check;
mod consumers;
mod errors;
mod expand;
mod from_row;
mod middleware;
mod parse;
mod routes;
mod sync_only;
mod task;
mod uri;
mod view;

/// Turns a `fn` or `async fn` into a twain view. Full documentation, with the
/// equivalent hand-written code: `twain::view`.
#[proc_macro_attribute]
pub fn view(args: TokenStream, item: TokenStream) -> TokenStream {
    view::view(args.into(), item.into()).into()
}

/// Turns a `fn` (sync, takes `next: SyncNext`) or `async fn` (async, takes
/// `next: Next`) into a twain middleware. Full documentation:
/// `twain::middleware`.
#[proc_macro_attribute]
pub fn middleware(args: TokenStream, item: TokenStream) -> TokenStream {
    middleware::middleware(args.into(), item.into()).into()
}

/// Marks a blocking function as a sync-only API: it takes the `Blocking`
/// capability first, so async code cannot call it. Full documentation:
/// `twain::sync_only`.
#[proc_macro_attribute]
pub fn sync_only(args: TokenStream, item: TokenStream) -> TokenStream {
    sync_only::sync_only(args.into(), item.into()).into()
}

/// Marks a function, method or `impl` block of the app whose blocking is
/// deliberate: calls from async code are not followed into it. Passes the
/// item through unchanged. Full documentation: `twain::allow_blocking`.
#[proc_macro_attribute]
pub fn allow_blocking(args: TokenStream, item: TokenStream) -> TokenStream {
    if args.is_empty() {
        return item;
    }
    let args = proc_macro2::TokenStream::from(args);
    let error = syn::Error::new_spanned(
        args,
        "`#[allow_blocking]` takes no options: write `#[twain::allow_blocking]` on the function (or `impl` block) that blocks on purpose",
    );
    errors::item_with_errors(item.into(), error).into()
}

/// Turns a `fn` or `async fn` into a background task: a struct of the same
/// name enqueues it. Full documentation: `twain::task`.
#[proc_macro_attribute]
pub fn task(args: TokenStream, item: TokenStream) -> TokenStream {
    task::task(args.into(), item.into()).into()
}

/// Turns an `impl` block of WebSocket handlers (`connect`, `receive`,
/// `group`, `disconnect`) written as plain `fn`s or `async fn`s into a
/// consumer. Full documentation: `twain::channels::consumer`.
#[proc_macro_attribute]
pub fn consumer(args: TokenStream, item: TokenStream) -> TokenStream {
    consumers::consumer(args.into(), item.into()).into()
}

/// `#[derive(FromRow)]`: reads a query's row into the struct, by column name.
/// Documented with `twain::db::FromRow`.
#[proc_macro_derive(FromRow, attributes(row))]
pub fn derive_from_row(item: TokenStream) -> TokenStream {
    from_row::derive(item.into()).into()
}

/// Checks every `.route("pattern", view)` in the function it is on at
/// compile time: the pattern's parameters against the view's arguments.
/// Full documentation: `twain::routes`.
#[proc_macro_attribute]
pub fn routes(args: TokenStream, item: TokenStream) -> TokenStream {
    routes::routes(args.into(), item.into()).into()
}

/// The path of a view's route, its parameters checked at compile time:
/// `uri!(article(id = 5))`. Full documentation: `twain::uri`.
#[proc_macro]
pub fn uri(input: TokenStream) -> TokenStream {
    uri::uri(input.into()).into()
}
