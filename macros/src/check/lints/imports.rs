//! The names in scope where a call is made: the `use` items of a block or a
//! module, flattened (each name they bring in, mapped to the full path it
//! stands for, and each glob's prefix), the items a module defines, and the
//! locals a body binds. Paths relative to `crate`, `self` or `super` are not
//! followed (their targets are the user's own): the names they bring in are
//! the user's.

use syn::{Item, ItemUse, Stmt};

use super::calls::Recv;
use super::values::Kind;
use crate::parse::source_file::{Import, Module, imports_of};

/// What a name in scope stands for.
#[derive(Clone)]
pub(crate) enum Meaning {
    /// An import of (or a local bound to) the item at this full path.
    Path(Vec<String>),
    /// The user's own: a local variable, an item defined in the body.
    /// Never a known blocking call.
    Own,
    /// An item the module defines (`fn load`, `mod util`, `struct Store`).
    Defined,
    /// An import from the user's crate, with its path as written (from
    /// `crate`, `self` or `super`).
    OwnImport(Vec<String>),
    /// A local variable holding a value of a known std type.
    Value(Kind),
    /// A local variable whose type may be the crate's own.
    Typed(Recv),
}

/// The names one block or module brings in.
#[derive(Default)]
pub(crate) struct Scope {
    /// `(name in scope, what it stands for)`; later entries win.
    pub(crate) names: Vec<(String, Meaning)>,
    /// Prefixes of `use prefix::*;`.
    pub(crate) globs: Vec<Vec<String>>,
}

impl Scope {
    /// The imports and items among `stmts` (items are visible in the whole
    /// block; the items are the body's own).
    pub(crate) fn of(stmts: &[Stmt]) -> Self {
        let mut scope = Scope::default();
        for stmt in stmts {
            match stmt {
                Stmt::Item(Item::Use(item)) => scope.add_use(item),
                Stmt::Item(item) => {
                    if let Some(name) = item_name(item) {
                        scope.names.push((name, Meaning::Own));
                    }
                }
                _ => {}
            }
        }
        scope
    }

    /// The scopes of a module, outermost first: the module around it when it
    /// imports it whole (`use super::*;`), then its own imports and items.
    pub(crate) fn of_module(module: &Module) -> Vec<Scope> {
        let mut scopes = match &module.parent {
            Some(parent) => Scope::of_module(parent),
            None => Vec::new(),
        };
        let mut scope = Scope::default();
        for name in &module.defined {
            scope.names.push((name.clone(), Meaning::Defined));
        }
        for import in &module.imports {
            scope.add(import.clone());
        }
        scopes.push(scope);
        scopes
    }

    fn add_use(&mut self, item: &ItemUse) {
        for import in imports_of(item) {
            self.add(import);
        }
    }

    fn add(&mut self, import: Import) {
        match import {
            Import::Name { name, path } => self.names.push((name, Meaning::Path(path))),
            Import::Own { name, path } => self.names.push((name, Meaning::OwnImport(path))),
            Import::Glob { prefix } => self.globs.push(prefix),
            Import::OwnGlob { .. } => {}
        }
    }
}

/// The name an item in a body defines.
fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Fn(f) => &f.sig.ident,
        Item::Struct(s) => &s.ident,
        Item::Enum(e) => &e.ident,
        Item::Union(u) => &u.ident,
        Item::Mod(m) => &m.ident,
        Item::Const(c) => &c.ident,
        Item::Static(s) => &s.ident,
        Item::Trait(t) => &t.ident,
        Item::Type(t) => &t.ident,
        _ => return None,
    };
    Some(ident.to_string())
}
