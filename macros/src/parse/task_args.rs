//! What each argument of a `#[task]` function is: something the worker
//! hands it (the `Blocking` capability, a `Conn`, the `Db`, the run's
//! `TaskInfo`), or one of the task's own arguments, stored as JSON under its
//! name in the queue and a field of the struct the macro generates.

use syn::Type;

/// What the worker passes for one argument.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Given {
    Blocking,
    Conn,
    Db,
    Info,
}

/// One argument of a task, in order.
pub(crate) enum TaskArg<'a> {
    /// Handed by the worker.
    Given(Given),
    /// Stored in the queue under `key`: `ident: ty`.
    Json {
        ident: &'a syn::Ident,
        key: String,
        ty: &'a Type,
    },
    /// Not a task argument (the request, `next`, a reference, a pattern):
    /// reported by the rules, never expanded.
    Invalid,
}

fn last_name(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    path.path.segments.last().map(|last| last.ident.to_string())
}

/// The arguments of a task, from its signature (receivers skipped).
pub(crate) fn task_args(sig: &syn::Signature) -> Vec<TaskArg<'_>> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some(typed),
            syn::FnArg::Receiver(_) => None,
        })
        .map(|typed| {
            let ty = &*typed.ty;
            match last_name(ty).as_deref() {
                Some("Blocking") => return TaskArg::Given(Given::Blocking),
                Some("Conn") => return TaskArg::Given(Given::Conn),
                Some("Db") => return TaskArg::Given(Given::Db),
                Some("TaskInfo") => return TaskArg::Given(Given::Info),
                Some("Request" | "Next" | "SyncNext") => return TaskArg::Invalid,
                _ => {}
            }
            match (&*typed.pat, ty) {
                (_, Type::Reference(_)) => TaskArg::Invalid,
                (syn::Pat::Ident(pat), _) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                    TaskArg::Json {
                        ident: &pat.ident,
                        key: pat.ident.to_string().trim_start_matches("r#").to_owned(),
                        ty,
                    }
                }
                _ => TaskArg::Invalid,
            }
        })
        .collect()
}
