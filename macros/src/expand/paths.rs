//! The one table of runtime paths that generated code may name. Everything goes
//! through `::twain::__private`, so the runtime can move things without
//! breaking expansions, and users never need to import anything for a macro.

use proc_macro2::TokenStream;
use quote::quote;

macro_rules! paths {
    ($($fn_name:ident => $($path:ident)::+;)*) => {$(
        pub(crate) fn $fn_name() -> TokenStream {
            quote!(::twain::__private::$($path)::+)
        }
    )*};
}

paths! {
    view_trait => View;
    view_info => ViewInfo;
    view_arg => ViewArg;
    mode => Mode;
    handler => Handler;
    box_future => BoxFuture;
    sync_call => SyncCall;
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
    result => Result;
    middleware_trait => Middleware;
    middleware_info => MiddlewareInfo;
    middleware_handler => MiddlewareHandler;
    sync_middleware_call => SyncMiddlewareCall;
    next => Next;
    sync_next => SyncNext;
    into_middleware_response => into_middleware_response;
}

paths! {
    may_block => MayBlock;
    sync_only_guard => sync_only_guard;
}
