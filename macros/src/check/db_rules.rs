//! The data layer's rule, for views and middleware alike: a database
//! connection (`Conn`, `twain::db::Conn`) is an argument of sync code only.
//! Async code (and an `inline` view, which runs on the async worker) is told
//! to take `db: Db` and use `db.run(|conn| ..).await`. The rule reads the
//! type as written; a `Conn` behind an alias is still refused, by the type
//! system (`Conn` is not `Send`, so it is no `FromRequest`).

use syn::Type;

use crate::errors::Errors;
use crate::parse::signature::{Analysis, ArgKind, Item, Mode};

/// Whether `ty` is written as `Conn` (any path ending so).
fn is_conn(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "Conn")
}

pub(crate) fn conn_only_in_sync(item: Item, analysis: &Analysis, errors: &mut Errors) {
    let noun = item.noun();
    for arg in &analysis.args {
        if !matches!(arg.kind, ArgKind::Extract { .. }) || !is_conn(&arg.ty) {
            continue;
        }
        match analysis.mode {
            Mode::Sync => {}
            Mode::Async => errors.at(
                &arg.ty,
                format!(
                    "`Conn` is a database connection for sync code, and this {noun} is async: its queries would block the async worker; take `db: Db` and run them on a sync thread with `db.run(|conn| ..).await` (or make the {noun} a plain `fn`)"
                ),
            ),
            Mode::Inline => errors.at(
                &arg.ty,
                "`Conn` is a database connection for sync code, and an `inline` view runs on the async worker, where its queries would block: remove `inline` so the view runs on a sync thread",
            ),
        }
    }
}
