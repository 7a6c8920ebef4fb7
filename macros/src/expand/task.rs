//! The expansion of `#[task]`: the function as written, untouched; beside
//! it, in the type namespace, a braced struct of the same name whose fields
//! are the task's stored arguments (so `make_thumbnail { id }.enqueue(&conn)`
//! is typed by the compiler), its `Task` impl (name, defaults, arguments as
//! JSON, the adapter a worker runs), and its enqueue methods. Errors about
//! an argument's or the result's type are spanned there.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, ReturnType, Type};

use crate::expand::paths::Paths;
use crate::parse::options::TaskOptions;
use crate::parse::signature::{Analysis, Mode};
use crate::parse::task_args::{Given, TaskArg, task_args};

/// The struct's and its impls' tokens, to go after the function.
pub(crate) fn task(
    func: &ItemFn,
    options: &TaskOptions,
    analysis: &Analysis,
    paths: &Paths,
) -> TokenStream {
    let tasks = paths.tasks();
    let name = &func.sig.ident;
    let vis = &func.vis;
    let args = task_args(&func.sig);
    let stored: Vec<(&syn::Ident, &str, &Type)> = args
        .iter()
        .filter_map(|arg| match arg {
            TaskArg::Json { ident, key, ty } => Some((*ident, key.as_str(), *ty)),
            _ => None,
        })
        .collect();
    let cfgs: Vec<_> = func
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .collect();
    let docs: Vec<_> = func
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();

    let fields = stored.iter().map(|(ident, _, ty)| quote!(#vis #ident: #ty));
    // Every use of a stored argument's type goes through `Json::<T>`,
    // spanned at the type: one error there when it is no JSON.
    let json = |ty: &Type| quote_spanned!(ty.span()=> #tasks::json::<#ty>());
    let puts = stored.iter().map(|(ident, key, ty)| {
        let json = json(ty);
        quote!(let __args = #json.put(__args, #key, &self.#ident)?;)
    });

    let task_name = options
        .name
        .as_ref()
        .map_or_else(|| name.to_string(), syn::LitStr::value);
    let opt_str = |lit: &Option<syn::LitStr>| match lit {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let opt_int = |expr: &Option<syn::Expr>| match expr {
        Some(expr) => quote!(::core::option::Option::Some(#expr)),
        None => quote!(::core::option::Option::None),
    };
    let (queue, priority, attempts, timeout) = (
        opt_str(&options.queue),
        opt_int(&options.priority),
        opt_int(&options.max_attempts),
        opt_int(&options.timeout_secs),
    );

    let atomic = options.atomic.is_some();
    let run = Span::mixed_site();
    let run = syn::Ident::new("__run", run);
    let call_args: Vec<TokenStream> = args
        .iter()
        .map(|arg| match arg {
            TaskArg::Given(Given::Blocking) => quote!(#run.blocking()),
            TaskArg::Given(Given::Conn) => quote!(#run.conn()?),
            TaskArg::Given(Given::Db) => quote!(#run.db()),
            TaskArg::Given(Given::Info) => quote!(#run.info()),
            TaskArg::Json { key, ty, .. } => {
                let json = json(ty);
                match analysis.mode {
                    Mode::Async => quote!(#json.take_async(&mut #run, #key)?),
                    _ => quote!(#json.take(#run, #key)?),
                }
            }
            TaskArg::Invalid => quote!(::core::unreachable!()),
        })
        .collect();
    let finish = finish_path(func, analysis, &tasks);
    let handler = match analysis.mode {
        Mode::Async => {
            let send_check = send_check(func, &stored, &tasks, &args);
            quote! {
                fn __adapter(mut #run: #tasks::AsyncRun) -> #tasks::BoxOutcome {
                    ::std::boxed::Box::pin(async move {
                        // The arguments are read before the call, in order.
                        #[allow(clippy::let_unit_value)]
                        let __out = #name(#(#call_args),*).await;
                        #finish
                    })
                }
                #send_check
                #tasks::Handler::Async(__adapter)
            }
        }
        _ => quote! {
            fn __adapter(#run: &mut #tasks::SyncRun<'_>) -> #tasks::Outcome {
                #[allow(clippy::let_unit_value)]
                let __out = #name(#(#call_args),*);
                #finish
            }
            #tasks::Handler::Sync(__adapter)
        },
    };

    quote! {
        #(#cfgs)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name { #(#fields),* }

        #(#cfgs)*
        const _: () = {
            impl #tasks::Task for #name {
                const NAME: &'static str = #task_name;
                fn defaults() -> #tasks::TaskOptions {
                    #tasks::options(#queue, #priority, #attempts, #timeout, #atomic)
                }
                fn to_args(&self) -> ::core::result::Result<::std::string::String, #tasks::JsonError> {
                    let __args = #tasks::ArgsOut::default();
                    #(#puts)*
                    __args.finish()
                }
                fn handler() -> #tasks::Handler {
                    #handler
                }
            }

            impl #name {
                /// Queues this task on `conn`, inside its transaction if one is open.
                #[allow(dead_code)]
                #vis fn enqueue(self, conn: &#tasks::Conn) -> ::core::result::Result<#tasks::TaskId, #tasks::DbError> {
                    #tasks::Enqueue::new(self).enqueue(conn)
                }
                /// Queues this task through `db`, from async code.
                #[allow(dead_code)]
                #vis async fn enqueue_async(self, db: &#tasks::Db) -> ::core::result::Result<#tasks::TaskId, #tasks::DbError> {
                    #tasks::Enqueue::new(self).enqueue_async(db).await
                }
                /// This task with options for one enqueue (delay, priority, queue, unique key).
                #[allow(dead_code)]
                #vis fn options(self) -> #tasks::Enqueue<Self> {
                    #tasks::Enqueue::new(self)
                }
            }
        };
    }
}

/// `value` for a plain result, `result` for one whose type is named
/// `…Result`, spanned at the return type so a type that is no JSON is
/// reported there.
fn finish_path(func: &ItemFn, analysis: &Analysis, tasks: &impl quote::ToTokens) -> TokenStream {
    let span = match &func.sig.output {
        ReturnType::Default => func.sig.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let is_result = analysis
        .output
        .nameable
        .as_ref()
        .is_some_and(|ty| match ty {
            Type::Path(path) => path
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident.to_string().ends_with("Result")),
            _ => false,
        });
    let out = syn::Ident::new("__out", span);
    if is_result {
        quote_spanned!(span=> #tasks::result(#out))
    } else {
        quote_spanned!(span=> #tasks::value(#out))
    }
}

/// A never-called fn passing the async task's future to
/// `task_must_be_send::<name>`, spanned at the name, so a future that is
/// not `Send` is reported there (as async views are).
fn send_check(
    func: &ItemFn,
    _stored: &[(&syn::Ident, &str, &Type)],
    tasks: &impl quote::ToTokens,
    args: &[TaskArg<'_>],
) -> TokenStream {
    let name = &func.sig.ident;
    let params: Vec<syn::Ident> = (0..args.len())
        .map(|i| syn::Ident::new(&format!("__p{i}"), Span::mixed_site()))
        .collect();
    let tys = func.sig.inputs.iter().filter_map(|input| match input {
        syn::FnArg::Typed(typed) => Some(&*typed.ty),
        syn::FnArg::Receiver(_) => None,
    });
    let decls = params.iter().zip(tys).map(|(p, ty)| quote!(#p: #ty));
    let call =
        quote_spanned!(name.span()=> #tasks::task_must_be_send::<#name>(#name(#(#params),*)));
    quote! {
        #[allow(dead_code, unused_variables, clippy::too_many_arguments)]
        fn __send_check(#(#decls),*) { #call; }
    }
}
