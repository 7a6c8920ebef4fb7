//! The rules every function `#[view]` and `#[middleware]` turn into an
//! adapter follows, each its own function, each error at the offending tokens
//! with the fix in the message: [`check_fn`] for the item itself, and the two
//! rules about blocking that both apply in their own place. The rules of each
//! macro are beside this file (`view_rules.rs`, `middleware_rules.rs`).

use syn::{FnArg, ItemFn, Safety};

use crate::check::awaits;
use crate::check::lints;
use crate::errors::Errors;
use crate::parse::fn_head::FnHead;
use crate::parse::signature::{Analysis, ArgKind, Item, Mode};
use crate::parse::source_file::{Module, enclosing_module};

/// The rules of every function a twain macro turns into an adapter.
pub(crate) fn check_fn(item: &ItemFn, kind: Item, analysis: &Analysis, errors: &mut Errors) {
    check_fn_head(item, kind, errors);
    no_await_in_sync(item, kind, analysis, errors);
}

/// The rules of [`check_fn`] that read the signature alone, in its order:
/// all but [`no_await_in_sync`].
pub(crate) fn check_fn_head(item: &ItemFn, kind: Item, errors: &mut Errors) {
    no_generics(item, kind, errors);
    no_receiver(item, kind, errors);
    plain_fn(item, kind, errors);
}

fn no_generics(item: &ItemFn, kind: Item, errors: &mut Errors) {
    let noun = kind.noun();
    let generics = &item.sig.generics;
    if !generics.params.is_empty() {
        errors.at(
            generics,
            format!(
                "a {noun} cannot be generic: twain calls `{}` with concrete types; remove these parameters and name the types (elided lifetimes such as `&Request` need no parameter)",
                item.sig.ident,
            ),
        );
    } else if let Some(clause) = &generics.where_clause {
        errors.at(
            clause,
            format!("a {noun} cannot have a `where` clause: it is called with concrete types"),
        );
    }
    for input in &item.sig.inputs {
        if let FnArg::Typed(typed) = input
            && crate::parse::signature::mentions_impl(&typed.ty)
        {
            errors.at(
                &typed.ty,
                format!("a {noun} argument cannot be `impl Trait` (that makes the {noun} generic): name a concrete type"),
            );
        }
    }
}

fn no_receiver(item: &ItemFn, kind: Item, errors: &mut Errors) {
    if let Some(receiver) = item.sig.receiver() {
        errors.at(
            receiver,
            format!("a {} cannot take `self`: it is a free function; move it out of the `impl` block and pass what it needs as `State<T>` (registered with `App::state`)", kind.noun()),
        );
    }
}

fn plain_fn(item: &ItemFn, kind: Item, errors: &mut Errors) {
    let noun = kind.noun();
    let sig = &item.sig;
    if let Safety::Unsafe(token) = &sig.safety {
        errors.at(token, format!("a {noun} cannot be `unsafe fn`: twain calls it from safe code; use an `unsafe` block inside"));
    }
    if let Some(abi) = &sig.abi {
        errors.at(
            abi,
            format!("a {noun} cannot have an `extern` ABI: remove it"),
        );
    }
    if let Some(variadic) = &sig.variadic {
        errors.at(variadic, format!("a {noun} cannot be variadic"));
    }
}

pub(crate) fn no_await_in_sync(
    item: &ItemFn,
    kind: Item,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    if analysis.mode == Mode::Async {
        return;
    }
    let name = &item.sig.ident;
    let message = match kind {
        Item::View => format!(
            "`.await` in the sync view `{name}`: a plain `fn` runs on a sync thread and cannot await; make it `async fn {name}(..)`, or take `cx: Blocking` and run the future with `twain::async_to_sync(cx, future)`"
        ),
        Item::Middleware => format!(
            "`.await` in the sync middleware `{name}`: a plain `fn` runs on a sync thread and cannot await; `next.run(req)` of a `SyncNext` already returns the response (remove `.await`), or make it `async fn {name}(req: Request, next: Next)` to await"
        ),
        Item::Task => format!(
            "`.await` in the sync task `{name}`: a plain `fn` runs on a sync thread and cannot await; make it `async fn {name}(..)`, or take `cx: Blocking` and run the future with `twain::async_to_sync(cx, future)`"
        ),
    };
    for awaited in awaits::awaits(&item.block) {
        let (dot, kw) = (awaited.dot_token, awaited.await_token);
        let tokens = quote::quote!(#dot #kw);
        errors.at(tokens, &message);
    }
}

pub(crate) fn blocking_only_in_sync(kind: Item, analysis: &Analysis, errors: &mut Errors) {
    let noun = kind.noun();
    let why = match analysis.mode {
        Mode::Sync => return,
        Mode::Async => format!("an async {noun} runs on the async worker, where blocking stalls every other request; do the blocking part in `twain::sync_to_async(|cx| ...)`, or make the {noun} a plain `fn`"),
        Mode::Inline => "an `inline` view runs on the async worker and must not block; remove `inline` to run it on a sync thread".to_owned(),
    };
    for arg in &analysis.args {
        if let ArgKind::Blocking = arg.kind {
            errors.at(
                &arg.ty,
                format!("this {noun} cannot take `Blocking`: {why}"),
            );
        }
    }
}

/// Known blocking calls in code that runs on the async workers (async views
/// and middleware, inline views), unless the user opted out with
/// `allow_blocking`.
pub(crate) fn no_blocking_calls_on_the_executor(
    item: &ItemFn,
    kind: Item,
    allow_blocking: bool,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    let Some(context) = executor_lint_context(item, kind, allow_blocking, analysis) else {
        return;
    };
    let module = crate::parse::source_file::enclosing_module(item);
    lints::check_async_fn(item, module.as_ref(), &context, errors);
}

/// Where the lints of [`no_blocking_calls_on_the_executor`] report, or
/// `None` when they do not apply (a sync body, `allow_blocking`).
pub(crate) fn executor_lint_context(
    item: &ItemFn,
    kind: Item,
    allow_blocking: bool,
    analysis: &Analysis,
) -> Option<lints::Context> {
    if allow_blocking {
        return None;
    }
    let name = &item.sig.ident;
    match analysis.mode {
        Mode::Sync => None,
        Mode::Async => Some(lints::Context::async_fn(kind.noun(), name)),
        Mode::Inline => Some(lints::Context::inline_view(name)),
    }
}

/// The body of a view or a task, parsed once and only for the rules that
/// read it: the `.await`s of a sync body (when its text has one), the lints
/// of code that runs on the executor (unless `allow_blocking`, and only when
/// its text could hold a call they flag, `lints::may_flag`: most bodies hold
/// none).
pub(crate) struct BodyRules {
    awaits_read: bool,
    lints: Option<(lints::Context, Option<Module>)>,
    full: Option<ItemFn>,
}

impl BodyRules {
    pub(crate) fn read(
        head: &FnHead,
        kind: Item,
        allow_blocking: bool,
        analysis: &Analysis,
    ) -> BodyRules {
        let awaits_read = analysis.mode != Mode::Async && head.body_mentions("await");
        let lints =
            executor_lint_context(&head.func, kind, allow_blocking, analysis).and_then(|context| {
                let module = enclosing_module(&head.func);
                let text = head.body_text();
                lints::may_flag(&text, module.as_ref()).then_some((context, module))
            });
        let full = if awaits_read || lints.is_some() {
            head.body()
        } else {
            None
        };
        BodyRules {
            awaits_read,
            lints,
            full,
        }
    }

    /// [`no_await_in_sync`], on the body when its text has an `.await`.
    pub(crate) fn no_await_in_sync(&self, kind: Item, analysis: &Analysis, errors: &mut Errors) {
        if self.awaits_read
            && let Some(full) = &self.full
        {
            no_await_in_sync(full, kind, analysis, errors);
        }
    }

    /// The lints of code on the executor, the crate's own helpers followed.
    pub(crate) fn lints(&self, errors: &mut Errors) {
        if let (Some(full), Some((context, module))) = (&self.full, &self.lints) {
            lints::check_async_fn(full, module.as_ref(), context, errors);
        }
    }
}
