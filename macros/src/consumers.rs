//! `#[consumer]` on an `impl` block of a consumer's handlers: parse → check
//! → expand in one file, reusing the view's rules. The handlers are
//! `connect`, `receive`, `group` and `disconnect` (the last and first
//! optional), all plain `fn` (a sync consumer) or all `async fn`; each
//! takes `&mut self`, the socket, the message or incoming group event for
//! `receive` and `group`, and, in a sync consumer, `Conn` (checked out for
//! the event) or `Blocking` after them. The block is kept as written; beside
//! it comes the `SyncConsumer` or `AsyncConsumer` impl that calls it.
//!
//! The rules: no `.await` in a sync handler; no known blocking call in an
//! async one (`check::lints`, as for async views); no `Conn` or `Blocking`
//! in an async consumer; one mode for every handler.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;

use crate::check::awaits::awaits;
use crate::check::lints::{self, Context};
use crate::errors::{Errors, item_with_errors};

const HANDLERS: [(&str, usize); 4] = [
    ("connect", 1),
    ("receive", 2),
    ("group", 2),
    ("disconnect", 1),
];

/// What an extra argument of a sync handler is given.
enum Extra {
    Conn,
    Blocking,
}

pub(crate) fn consumer(args: TokenStream, item: TokenStream) -> TokenStream {
    let block: syn::ItemImpl = match syn::parse2(item.clone()) {
        Ok(block) => block,
        Err(_) => {
            let error = syn::Error::new(
                proc_macro2::Span::call_site(),
                "#[consumer] goes on an `impl` block of the consumer's handlers: `impl Chat { fn receive(&mut self, socket: &mut Socket, message: Message) -> Result<(), Error> { .. } .. }`",
            );
            return item_with_errors(item, error);
        }
    };
    let mut errors = Errors::default();
    if !args.is_empty() {
        errors.at(&args, "#[consumer] takes no options");
    }
    if let Some(trait_) = &block.trait_ {
        let path = &trait_.1;
        errors.at(path, "#[consumer] goes on the consumer's own `impl` block, not a trait's: it writes the `SyncConsumer` or `AsyncConsumer` impl itself");
    }
    if !block.generics.params.is_empty() {
        errors.at(
            &block.generics,
            "a consumer cannot be generic: name a concrete type",
        );
    }
    let handlers: Vec<&syn::ImplItemFn> = block
        .items
        .iter()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f),
            _ => None,
        })
        .collect();
    let is_async = handlers
        .iter()
        .find(|f| handler(&f.sig.ident).is_some())
        .is_some_and(|f| f.sig.asyncness.is_some());
    let noun = if is_async {
        "async consumer"
    } else {
        "sync consumer"
    };
    let mut calls = Vec::new();
    for f in &handlers {
        let name = &f.sig.ident;
        let Some(fixed) = handler(name) else {
            errors.at(name, format!("`{name}` is not a consumer handler: they are `connect`, `receive`, `group` and `disconnect` (put other methods in another `impl` block)"));
            continue;
        };
        if f.sig.asyncness.is_some() != is_async {
            errors.at(f.sig.fn_token, format!("the handlers of one consumer are all `fn` or all `async fn`: `{name}` is not like the first, which makes this a {noun}"));
            continue;
        }
        let mut inputs = f.sig.inputs.iter();
        match inputs.next() {
            Some(syn::FnArg::Receiver(syn::Receiver {
                kind: syn::ReceiverKind::Reference(_, _, Some(_)),
                ..
            })) => {}
            _ => {
                errors.at(&f.sig, format!("a consumer handler takes `&mut self` first: `fn {name}(&mut self, socket: &mut Socket, ..)`"));
                continue;
            }
        }
        let mut extras = Vec::new();
        for (i, input) in inputs.enumerate() {
            let syn::FnArg::Typed(typed) = input else {
                continue;
            };
            if i < fixed {
                continue;
            }
            match extra(&typed.ty) {
                Some(kind) if !is_async => extras.push(kind),
                Some(_) => errors.at(&typed.ty, format!("an async consumer cannot take `{}`: its handlers run on the async workers, where a blocking connection would stall every request; make every handler a plain `fn`, or query with `socket.channels().database()` (a `Db`) and `.await`", last_segment(&typed.ty))),
                None => errors.at(&typed.ty, format!("a consumer handler takes `&mut self`, the socket{}, and in a sync consumer `Conn` or `Blocking`: twain does not know what to pass here", if fixed == 2 { ", the message" } else { "" })),
            }
        }
        let item_fn = syn::ItemFn {
            attrs: Vec::new(),
            vis: syn::Visibility::Inherited,
            modifiers: syn::FnModifiers::default(),
            sig: f.sig.clone(),
            block: Box::new(f.block.clone()),
        };
        if is_async {
            let module = crate::parse::source_file::enclosing_module(&item_fn);
            let context = Context {
                owner: format!("async consumer handler `{name}`"),
                escape: "or move the blocking part into `twain::sync_to_async(|cx| ...)`, or make the consumer's handlers plain `fn`s".to_owned(),
            };
            lints::check_async_fn(&item_fn, module.as_ref(), &context, &mut errors);
        } else {
            for awaited in awaits(&f.block) {
                let (dot, kw) = (awaited.dot_token, awaited.await_token);
                errors.at(quote!(#dot #kw), format!("`.await` in the sync consumer handler `{name}`: a plain `fn` runs on a sync thread and cannot await; make every handler an `async fn`, or take `cx: Blocking` and run the future with `twain::async_to_sync(cx, future)`"));
            }
        }
        calls.push((name.clone(), fixed, extras, f.sig.output.clone()));
    }
    for required in ["receive", "group"] {
        if !calls.iter().any(|(name, ..)| name == required)
            && !handlers.iter().any(|f| f.sig.ident == required)
        {
            errors.at(&block.self_ty, format!("a consumer needs a `{required}` handler: `fn {required}(&mut self, socket: &mut Socket, {}) -> Result<(), Error>`", if required == "receive" { "message: Message" } else { "incoming: Incoming" }));
        }
    }
    if let Err(error) = errors.finish() {
        return item_with_errors(item, error);
    }
    let self_ty = &block.self_ty;
    let p = quote!(::twain::__private);
    let methods = calls.iter().map(|(name, fixed, extras, _)| {
        let fixed_args: Vec<_> = (0..*fixed).map(|i| format_ident!("__arg{}", i)).collect();
        let socket = &fixed_args[0];
        let rest = &fixed_args[1..];
        let rest_types: Vec<TokenStream> = match name.to_string().as_str() {
            "receive" => vec![quote!(#p::WsMessage)],
            "group" => vec![quote!(#p::Incoming)],
            _ => Vec::new(),
        };
        let unit = matches!(name.to_string().as_str(), "disconnect");
        if is_async {
            let call = quote!(<#self_ty>::#name(self, #socket #(, #rest)*).await);
            if unit {
                quote!(async fn #name(&mut self, #socket: &mut #p::Socket #(, #rest: #rest_types)*) { #call })
            } else {
                quote!(async fn #name(&mut self, #socket: &mut #p::Socket #(, #rest: #rest_types)*) -> #p::Result<(), #p::Error> { #call })
            }
        } else {
            let given: Vec<TokenStream> = extras
                .iter()
                .map(|extra| match (extra, unit) {
                    (Extra::Blocking, _) => quote!(__cx),
                    (Extra::Conn, false) => quote!(#socket.conn(__cx)?),
                    (Extra::Conn, true) => quote!(match #socket.conn(__cx) {
                        #p::Ok(conn) => conn,
                        #p::Err(err) => return #p::consumer_conn_failed(err),
                    }),
                })
                .collect();
            let call = quote!(<#self_ty>::#name(self, #socket #(, #rest)* #(, #given)*));
            if unit {
                quote!(fn #name(&mut self, #socket: &mut #p::Socket #(, #rest: #rest_types)*, __cx: #p::Blocking<'_>) { let _ = __cx; #call })
            } else {
                quote!(fn #name(&mut self, #socket: &mut #p::Socket #(, #rest: #rest_types)*, __cx: #p::Blocking<'_>) -> #p::Result<(), #p::Error> { let _ = __cx; #call })
            }
        }
    });
    let trait_ = if is_async {
        quote!(AsyncConsumer)
    } else {
        quote!(SyncConsumer)
    };
    let span = block.self_ty.span();
    let trait_path = quote::quote_spanned!(span=> #p::#trait_);
    quote! {
        #block
        impl #trait_path for #self_ty {
            #(#methods)*
        }
    }
}

/// The number of fixed arguments after `self` of a handler.
fn handler(name: &syn::Ident) -> Option<usize> {
    HANDLERS
        .iter()
        .find(|(h, _)| name == h)
        .map(|(_, fixed)| *fixed)
}

fn last_segment(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or(String::new(), |s| s.ident.to_string()),
        syn::Type::Reference(r) => last_segment(&r.elem),
        _ => String::new(),
    }
}

fn extra(ty: &syn::Type) -> Option<Extra> {
    match last_segment(ty).as_str() {
        "Conn" => Some(Extra::Conn),
        "Blocking" => Some(Extra::Blocking),
        _ => None,
    }
}
