//! Blocking calls inside the crate's own helpers. The lints' walk of an
//! async body lists the calls that may reach the crate's own functions
//! (`lints::calls`); each is resolved through the crate's source files
//! (`parse::source_crate`) and followed into the body of the function or
//! method it names, transitively: a known blocking call found there is an
//! error at the call in the async body, naming the chain of calls and the
//! way out. Only what the syntax names is followed (other crates, trait
//! objects and generic calls are the run-time backstop's); a function
//! marked `#[twain::allow_blocking]` is not entered, nor one taking the
//! `Blocking` capability (async code cannot call it), nor another twain
//! macro's (its own check covers it).

mod follow;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::rc::Rc;

use crate::check::lints::Context;
use crate::check::lints::calls::OwnCall;
use crate::errors::Errors;
use crate::parse::source_crate::{SourceCrate, names_of};
use crate::parse::source_file::{Import, Module, Outline};

pub(crate) use follow::Chain;

/// Follows `calls`, made by the async function `name` written in
/// `module`, and reports each that reaches a known blocking call.
pub(crate) fn follow(
    name: &syn::Ident,
    calls: Vec<OwnCall>,
    module: &Module,
    context: &Context,
    errors: &mut Errors,
) {
    let Some(origin) = &module.origin else {
        return;
    };
    if calls.is_empty() {
        return;
    }
    let (krate, from) = SourceCrate::around(origin);
    let mut follower = follow::Follower::new(krate);
    for call in calls {
        if let Some(chain) = follower.chain_of_call(&call.callee, from) {
            errors.at(call.tokens, message(name, context, &chain));
        }
    }
}

/// The error for a call of `name` that reaches a blocking call.
fn message(name: &syn::Ident, context: &Context, chain: &Chain) -> String {
    let steps: Vec<String> = chain
        .steps
        .iter()
        .map(|step| format!("`{}` ({})", step.name, step.place))
        .collect();
    let last = chain.steps.last().expect("a chain has a step");
    let way_out = if context.owner.starts_with("inline ") {
        "remove `inline` so the view runs on a sync thread".to_owned()
    } else if last.is_async {
        format!(
            "in `{}`, {}, or move that call into `twain::sync_to_async(|cx| ...)`",
            last.name, chain.hit.instead
        )
    } else {
        format!(
            "move the call into `twain::sync_to_async(|cx| ...)`, or make `{}` async (there, {})",
            last.name, chain.hit.instead
        )
    };
    format!(
        "blocking call in {}: `{name}` calls {}, which calls `{}`, which blocks the async worker thread; {way_out}; if it must block, mark `{}` `#[twain::allow_blocking]`",
        context.owner,
        steps.join(", which calls "),
        chain.hit.shown,
        last.name,
    )
}

/// The names a body must mention to call into the crate, and the outline
/// of the file they were taken for.
type OwnNames = (Rc<Outline>, Rc<HashSet<String>>);

thread_local! {
    /// [`OwnNames`] per file: made once per compiler process (and again if
    /// the file changes).
    static OWN_NAMES: RefCell<HashMap<PathBuf, OwnNames>> = RefCell::default();
}

/// Whether a body with this text, written in `module`, may call one of
/// the crate's functions or methods: whether it mentions, as a word, a name
/// the crate defines (a function, method, type or module, in any of its
/// files) or imports from itself, or `crate` / `self` / `super` / `Self`.
/// A superset test, so the walk it gates stays exact.
pub(crate) fn may_call_own(body_text: &str, module: &Module) -> bool {
    let Some(origin) = &module.origin else {
        return false;
    };
    let names = OWN_NAMES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((outline, names)) = cache.get(&origin.path)
            && Rc::ptr_eq(outline, &origin.outline)
        {
            return names.clone();
        }
        let names = Rc::new(own_names(module));
        cache.insert(origin.path.clone(), (origin.outline.clone(), names.clone()));
        names
    });
    body_text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| !word.is_empty() && names.contains(word))
}

fn own_names(module: &Module) -> HashSet<String> {
    let origin = module.origin.as_ref().expect("called with an origin");
    let mut names: HashSet<String> = ["crate", "self", "super", "Self"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    names_of(&origin.outline, &mut names);
    let mut reaches_other_files = false;
    for outlined in &origin.outline.modules {
        for import in &outlined.imports {
            match import {
                Import::Own { name, .. } => {
                    names.insert(name.clone());
                    reaches_other_files = true;
                }
                Import::OwnGlob { .. } => reaches_other_files = true,
                Import::Name { .. } | Import::Glob { .. } => {}
            }
        }
        reaches_other_files |= outlined.items.iter().any(|def| {
            matches!(
                def.kind,
                crate::parse::source_file::DefKind::Mod { inline: None, .. }
            )
        });
    }
    // A file that is not the root, or reaches others: every name of the
    // crate (a method of a type defined elsewhere, called on an argument).
    let (mut krate, _) = SourceCrate::around(origin);
    if reaches_other_files || !krate.is_root_file() {
        krate.all_names(&mut names);
    }
    names
}

#[cfg(test)]
mod tests;
