//! The one table of runtime paths that generated code may name. Everything goes
//! through `<root>::__private`, so the runtime can move things without
//! breaking expansions, and users never need to import anything for a macro.
//! `root` is `::twain` unless the `crate = "path"` option names another path
//! (a renamed dependency, a facade that re-exports twain); the table is a
//! value carried through the expansion, one method per path.

use proc_macro2::TokenStream;
use quote::quote;

/// Where generated code finds the runtime.
pub(crate) struct Paths {
    root: syn::Path,
    /// Whether `root` came from the `crate` option (else it is `::twain`).
    custom: bool,
}

impl Paths {
    /// `root`: the path of the `crate` option, or `None` for `::twain`.
    pub(crate) fn new(root: Option<syn::Path>) -> Self {
        Paths {
            custom: root.is_some(),
            root: root.unwrap_or_else(|| syn::parse_quote!(::twain)),
        }
    }

    /// The root when the `crate` option named one, `None` for `::twain`
    /// (which `expand::text` writes as text).
    pub(crate) fn custom_root(&self) -> Option<&syn::Path> {
        self.custom.then_some(&self.root)
    }
}

macro_rules! paths {
    ($($fn_name:ident => $item:ident;)*) => {
        // Each method is named after the runtime item it names, and
        // `from_request` / `into_response` are those items' names, not
        // conversions of `self`.
        #[allow(clippy::wrong_self_convention)]
        impl Paths {$(
            pub(crate) fn $fn_name(&self) -> TokenStream {
                let root = &self.root;
                quote!(#root::__private::$item)
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
}

impl Paths {
    /// `async_handler_N` (or `sync_handler_N`, `inline_handler_N`), the
    /// `Handler` of a view with `n` extractor arguments made from its
    /// generic adapter (runtime `handler/view_call/handlers.rs`).
    pub(crate) fn view_handler(
        &self,
        mode: crate::parse::signature::Mode,
        n: usize,
    ) -> TokenStream {
        use crate::parse::signature::Mode;
        let root = &self.root;
        let kind = match mode {
            Mode::Async => "async",
            Mode::Sync => "sync",
            Mode::Inline => "inline",
        };
        let name = quote::format_ident!("{}_handler_{}", kind, n);
        quote!(#root::__private::#name)
    }

    /// `async_view_deref_N`, that pointer with the view's `Send` check
    /// (runtime `handler/view_call/async_view_deref.rs`).
    pub(crate) fn async_view_deref(&self, n: usize) -> TokenStream {
        let root = &self.root;
        let name = quote::format_ident!("async_view_deref_{}", n);
        quote!(#root::__private::#name)
    }

    /// `async_deref_N`, the fn pointer an async view with `n` arguments
    /// derefs to (runtime `handler/view_call/async_deref.rs`).
    pub(crate) fn async_deref(&self, n: usize) -> TokenStream {
        let root = &self.root;
        let name = quote::format_ident!("async_deref_{}", n);
        quote!(#root::__private::#name)
    }
}
