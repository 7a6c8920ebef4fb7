//! The rules of a task: those of every twain function and the blocking
//! rules of async code, as views have them (`fn_rules`, `db_rules`, the
//! lints), then the task's own: its arguments are either handed by the
//! worker (`Blocking`, `Conn`, `Db`, `TaskInfo`) or stored as JSON under
//! their name, so no request, no `next`, no reference, no pattern.

use syn::FnArg;

use crate::check::fn_rules::{BodyRules, blocking_only_in_sync, check_fn_head};
use crate::errors::Errors;
use crate::parse::fn_head::FnHead;
use crate::parse::options::TaskOptions;
use crate::parse::signature::{Analysis, Item, Mode};
use crate::parse::task_args::{TaskArg, task_args};

pub(crate) fn check_task(
    head: &FnHead,
    options: &TaskOptions,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    let body = BodyRules::read(head, Item::Task, options.allow_blocking.is_some(), analysis);
    check_fn_head(&head.func, Item::Task, errors);
    body.no_await_in_sync(Item::Task, analysis, errors);
    blocking_only_in_sync(Item::Task, analysis, errors);
    crate::check::db_rules::conn_only_in_sync(Item::Task, analysis, errors);
    arguments_are_stored_or_given(&head.func, errors);
    if let (Some(span), Mode::Async) = (options.atomic, analysis.mode) {
        errors.at_span(
            span,
            "`atomic` is for sync tasks: their writes on `conn: Conn` commit with the task's completion; make the task a plain `fn` taking `conn: Conn`, or remove `atomic`",
        );
    }
    body.lints(errors);
}

/// Every argument the worker cannot hand and the queue cannot store.
fn arguments_are_stored_or_given(func: &syn::ItemFn, errors: &mut Errors) {
    let typed = func.sig.inputs.iter().filter_map(|input| match input {
        FnArg::Typed(typed) => Some(typed),
        FnArg::Receiver(_) => None,
    });
    for (arg, typed) in task_args(&func.sig).into_iter().zip(typed) {
        if !matches!(arg, TaskArg::Invalid) {
            continue;
        }
        let ty = &*typed.ty;
        let written = quote::ToTokens::to_token_stream(ty).to_string();
        if written.ends_with("Request") || written.ends_with("Next") {
            errors.at(
                ty,
                "a task runs with no request: take the values it needs from the request as arguments (stored as JSON when it is queued)",
            );
        } else if matches!(ty, syn::Type::Reference(_)) {
            // `analyze` reported it already.
        } else {
            errors.at(
                &typed.pat,
                "a task argument needs a plain name: it is stored in the queue under that name; write `name: Type`",
            );
        }
    }
}
