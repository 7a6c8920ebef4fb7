//! The one table of runtime paths that generated code may name. Everything goes
//! through `<root>::__private`, so the runtime can move things without
//! breaking expansions, and users never need to import anything for a macro.
//! `root` is `::twain` unless the `crate = "path"` option names another path
//! (a renamed dependency, a facade that re-exports twain); the table is a
//! value carried through the expansion, one method per path.

use std::borrow::Cow;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};

use crate::parse::signature::Mode;

/// How generated text names the runtime when the root is `::twain`.
const DEFAULT: &str = "::twain::__private::";

/// Where generated code finds the runtime.
pub(crate) struct Paths {
    /// The path of the `crate` option; `None` for `::twain`.
    root: Option<syn::Path>,
}

/// One item of the runtime's `__private` table, as generated code names it.
#[derive(Clone)]
pub(crate) struct RuntimePath<'p> {
    root: Option<&'p syn::Path>,
    item: Cow<'static, str>,
}

impl Paths {
    /// `root`: the path of the `crate` option, or `None` for `::twain`.
    pub(crate) fn new(root: Option<syn::Path>) -> Self {
        Paths { root }
    }

    fn item(&self, item: impl Into<Cow<'static, str>>) -> RuntimePath<'_> {
        RuntimePath {
            root: self.root.as_ref(),
            item: item.into(),
        }
    }

    /// `async_handler_N` (or `sync_handler_N`, `inline_handler_N`), the
    /// `Handler` of a view with `n` extractor arguments made from its
    /// generic adapter (runtime `contract/arities.rs`).
    pub(crate) fn view_handler(&self, mode: Mode, n: usize) -> RuntimePath<'_> {
        let kind = match mode {
            Mode::Async => "async",
            Mode::Sync => "sync",
            Mode::Inline => "inline",
        };
        self.item(format!("{kind}_handler_{n}"))
    }

    /// `async_view_deref_N`, what an async view with `n` arguments derefs
    /// to, with its `Send` check (runtime `contract/arities.rs`).
    pub(crate) fn async_view_deref(&self, n: usize) -> RuntimePath<'_> {
        self.item(format!("async_view_deref_{n}"))
    }

    /// `async_deref_N`, what an async middleware with `n` arguments derefs
    /// to (runtime `contract/arities.rs`).
    pub(crate) fn async_deref(&self, n: usize) -> RuntimePath<'_> {
        self.item(format!("async_deref_{n}"))
    }
}

macro_rules! paths {
    ($($fn_name:ident => $item:ident;)*) => {
        // Each method is named after the runtime item it names, and
        // `from_request` / `into_response` are those items' names, not
        // conversions of `self`.
        #[allow(clippy::wrong_self_convention)]
        impl Paths {$(
            pub(crate) fn $fn_name(&self) -> RuntimePath<'_> {
                self.item(stringify!($item))
            }
        )*}
    };
}

paths! {
    view_trait => View;
    view_info => ViewInfo;
    view_arg => ViewArg;
    mode => Mode;
    handler => Handler;
    box_future => BoxFuture;
    extract_now => extract_now;
    from_request => FromRequest;
    into_response => into_response;
    route_param => route_param;
    request => Request;
    response => Response;
    blocking => Blocking;
    boxed => Box;
    pin => Pin;
    future => Future;
    deref => Deref;
    send => Send;
    ok => Ok;
    err => Err;
    middleware_trait => Middleware;
    middleware_info => MiddlewareInfo;
    middleware_handler => MiddlewareHandler;
    next => Next;
    sync_next => SyncNext;
    into_middleware_response => into_middleware_response;
    may_block => MayBlock;
    sync_only_guard => sync_only_guard;
    // `#[derive(FromRow)]`
    from_row => FromRow;
    table => Table;
    sql_row => SqlRow;
    sql_result => SqlResult;
    // `twain::db::Conn` and other sync-only extractors
    from_sync_request => FromSyncRequest;
    sync_route_param => sync_route_param;
    inline_route_param => inline_route_param;
    route_view => RouteView;
    route_report => RouteReport;
    check_route => check_route;
    converter => Converter;
    route_arg_of => route_arg;
    sync_route_arg => sync_route_arg;
    inline_route_arg => inline_route_arg;
    routed => Routed;
    check_uri => check_uri;
    build_uri => build_uri;
    box_future_of => box_future;
    view_args => view_args;
    async_view_must_be_send => async_view_must_be_send;
    async_middleware_must_be_send => async_middleware_must_be_send;
    tasks => tasks;
}

impl RuntimePath<'_> {
    /// Appends the path to `text` as source text when the root is
    /// `::twain`; `false` when the root is the user's (`crate = "path"`),
    /// whose tokens keep their spans.
    pub(crate) fn push_text(&self, text: &mut String) -> bool {
        if self.root.is_some() {
            return false;
        }
        text.push_str(DEFAULT);
        text.push_str(&self.item);
        true
    }

    /// The path with every token spanned at `span`, so an error about the
    /// call it starts is reported there.
    pub(crate) fn spanned(&self, span: Span) -> TokenStream {
        let item = Ident::new(&self.item, span);
        match self.root {
            None => quote_spanned!(span=> ::twain::__private::#item),
            Some(root) => {
                let root = root.to_token_stream().into_iter().map(|mut token| {
                    token.set_span(span);
                    token
                });
                quote_spanned!(span=> #(#root)*::__private::#item)
            }
        }
    }
}

impl ToTokens for RuntimePath<'_> {
    fn to_tokens(&self, out: &mut TokenStream) {
        let item = format_ident!("{}", &*self.item);
        out.extend(match self.root {
            None => quote!(::twain::__private::#item),
            Some(root) => quote!(#root::__private::#item),
        });
    }
}
