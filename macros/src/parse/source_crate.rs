//! The crate a function is written in, as its source files tell it: the
//! tree of modules from the crate root (`mod util;` read from `util.rs` or
//! `util/mod.rs`, or its `#[path]`; inline `mod` blocks), and what a path
//! written in one of them names — a function, a method of one of the
//! crate's types, a module or a type — resolved through the module's items,
//! its imports from the crate (`use crate::..`, `self::`, `super::`, their
//! globs) and `crate` / `self` / `super` / `Self`, as rustc does for these.
//!
//! Files are outlined once per version (`source_file::outlined`) and
//! loaded only when a path leads into them. The crate root is the source
//! file the compiler was given (its command line, in this process); when
//! that is not known (another process runs the macros), a `main.rs` or
//! `lib.rs` is taken for it, and from any other file, paths from `crate`
//! and `super` beyond the file are not followed.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::source_file::{
    DefKind, FnDef, Import, Module, Origin, Outline, OutlinedModule, outlined,
};

/// One module: a file, and a module of its outline.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) struct ModId {
    pub(crate) file: usize,
    pub(crate) module: usize,
}

/// A function or method of the crate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) struct FnId {
    pub(crate) module: ModId,
    slot: Slot,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Slot {
    /// The item at this index of the module.
    Item(usize),
    /// The function at `index` of the module's `impl` block `imp`.
    Method { imp: usize, index: usize },
}

/// A type of the crate, by the module that defines it (or holds an `impl`
/// of it) and its name.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) struct TypeId {
    pub(crate) module: ModId,
    pub(crate) name: String,
}

/// What a path names.
#[derive(Clone, Debug)]
pub(crate) enum Target {
    Fn(FnId),
    Mod(ModId),
    Type(TypeId),
}

/// The namespace a path's last segment is looked up in: a call names a
/// value (`fn`), a `path::` prefix a module or type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    Value,
    Type,
}

struct File {
    path: PathBuf,
    /// The path made absolute and canonical: what tells two files apart.
    key: PathBuf,
    outline: Rc<Outline>,
    /// The module whose `mod name;` this file is; `None` for the root, or
    /// while not known.
    parent: Option<ModId>,
    /// Where the `mod name;` items of its own module are looked for.
    dir: PathBuf,
}

/// The files of a crate read so far, around the one a function is in.
pub(crate) struct SourceCrate {
    files: Vec<File>,
    /// The root's path, when known; whether its tree is loaded yet.
    root_path: Option<PathBuf>,
    root: Option<usize>,
    tree_loaded: bool,
}

/// How many names one resolution may look through (imports naming each
/// other, globs of globs): it always ends.
const BUDGET: u32 = 64;

impl SourceCrate {
    /// The crate around the module `origin`, and that module's id.
    pub(crate) fn around(origin: &Origin) -> (Self, ModId) {
        let key = key_of(&origin.path);
        let root_path = compiler_root();
        let is_root = match &root_path {
            Some(root) => key_of(root) == key,
            // Not known: `main.rs` and `lib.rs` are roots by convention.
            None => origin
                .path
                .file_name()
                .is_some_and(|name| name == "main.rs" || name == "lib.rs"),
        };
        let dir = if is_root {
            parent_dir(&origin.path)
        } else {
            guessed_dir(&origin.path)
        };
        let krate = SourceCrate {
            files: vec![File {
                path: origin.path.clone(),
                key,
                outline: origin.outline.clone(),
                parent: None,
                dir,
            }],
            root: is_root.then_some(0),
            root_path,
            tree_loaded: false,
        };
        let from = ModId {
            file: 0,
            module: origin.module,
        };
        (krate, from)
    }

    /// Whether the function's own file is the crate root.
    pub(crate) fn is_root_file(&self) -> bool {
        self.root == Some(0)
    }

    fn outlined_module(&self, id: ModId) -> &OutlinedModule {
        &self.files[id.file].outline.modules[id.module]
    }

    /// The function `id` is, as outlined.
    pub(crate) fn fn_def(&self, id: FnId) -> &FnDef {
        let module = self.outlined_module(id.module);
        match id.slot {
            Slot::Item(i) => match &module.items[i].kind {
                DefKind::Fn(f) => f,
                _ => unreachable!("an item slot holds a function"),
            },
            Slot::Method { imp, index } => &module.impls[imp].fns[index],
        }
    }

    /// The text of the function `id`, to parse.
    pub(crate) fn fn_text(&self, id: FnId) -> &str {
        let def = self.fn_def(id);
        &self.files[id.module.file].outline.text[def.start..def.end]
    }

    /// How the function is named in messages: `load` or `Store::load`.
    pub(crate) fn fn_shown(&self, id: FnId) -> String {
        let def = self.fn_def(id);
        match id.slot {
            Slot::Item(_) => def.name.clone(),
            Slot::Method { imp, .. } => {
                let ty = &self.outlined_module(id.module).impls[imp].self_ty;
                format!("{ty}::{}", def.name)
            }
        }
    }

    /// Where the function is, for messages: `src/store.rs:12` (the path
    /// from the package the file is in, the line of the function's name).
    pub(crate) fn fn_place(&self, id: FnId) -> String {
        let file = &self.files[id.module.file];
        format!(
            "{}:{}",
            shown_path(&file.key, &file.path),
            self.fn_def(id).line
        )
    }

    /// The type a method is of (the type of its `impl`), for `self` and
    /// `Self` in it.
    pub(crate) fn self_type(&mut self, id: FnId) -> Option<TypeId> {
        let Slot::Method { imp, .. } = id.slot else {
            return None;
        };
        let name = self.outlined_module(id.module).impls[imp].self_ty.clone();
        match self.resolve(id.module, std::slice::from_ref(&name), None, Ns::Type) {
            Some(Target::Type(ty)) => Some(ty),
            _ => Some(TypeId {
                module: id.module,
                name,
            }),
        }
    }

    /// The text of the `struct` (`enum`, `union`) `ty` names, to parse.
    pub(crate) fn type_text(&self, ty: &TypeId) -> Option<&str> {
        let module = self.outlined_module(ty.module);
        module.items.iter().find_map(|def| match def.kind {
            DefKind::Type { start, end } if def.name == ty.name => {
                Some(&self.files[ty.module.file].outline.text[start..end])
            }
            _ => None,
        })
    }

    /// The imports and items of a module, as the lints read a module.
    pub(crate) fn scope_of(&self, id: ModId) -> Module {
        let file = &self.files[id.file];
        let mut module = file.outline.module(id.module);
        module.origin = Some(Origin {
            path: file.path.clone(),
            outline: file.outline.clone(),
            module: id.module,
        });
        module
    }

    /// The item `path` names, written in module `from` (in an `impl` of
    /// `self_ty`, if given).
    pub(crate) fn resolve(
        &mut self,
        from: ModId,
        path: &[String],
        self_ty: Option<&TypeId>,
        ns: Ns,
    ) -> Option<Target> {
        let mut budget = BUDGET;
        self.resolve_within(from, path, self_ty, ns, &mut budget)
    }

    fn resolve_within(
        &mut self,
        from: ModId,
        path: &[String],
        self_ty: Option<&TypeId>,
        ns: Ns,
        budget: &mut u32,
    ) -> Option<Target> {
        let (first, rest) = path.split_first()?;
        let ns_of = |is_last: bool| if is_last { ns } else { Ns::Type };
        let mut current = match first.as_str() {
            "crate" => Target::Mod(self.root_module()?),
            "self" => Target::Mod(from),
            "super" => Target::Mod(self.parent(from)?),
            "Self" => Target::Type(self_ty?.clone()),
            name => self.lookup(from, name, ns_of(rest.is_empty()), budget)?,
        };
        for (i, segment) in rest.iter().enumerate() {
            let is_last = i + 1 == rest.len();
            current = match current {
                Target::Mod(module) => match segment.as_str() {
                    "super" => Target::Mod(self.parent(module)?),
                    "self" => Target::Mod(module),
                    name => self.lookup(module, name, ns_of(is_last), budget)?,
                },
                Target::Type(ty) if is_last => Target::Fn(self.method(&ty, segment)?),
                _ => return None,
            };
        }
        match (&current, ns) {
            (Target::Mod(_), Ns::Value) => None,
            _ => Some(current),
        }
    }

    /// What `name` stands for in `module`: an item it defines, an import,
    /// a name a glob of the crate's brings in.
    fn lookup(&mut self, module: ModId, name: &str, ns: Ns, budget: &mut u32) -> Option<Target> {
        *budget = budget.checked_sub(1)?;
        let outlined = self.outlined_module(module);
        for (slot, def) in outlined.items.iter().enumerate() {
            if def.name != name {
                continue;
            }
            match (&def.kind, ns) {
                (DefKind::Fn(_), Ns::Value) => {
                    return Some(Target::Fn(FnId {
                        module,
                        slot: Slot::Item(slot),
                    }));
                }
                (DefKind::Mod { .. }, Ns::Type) => {
                    return self.child_module(module, slot).map(Target::Mod);
                }
                // A struct is a type, and a tuple or unit struct a value too.
                (DefKind::Type { .. }, _) => {
                    return Some(Target::Type(TypeId {
                        module,
                        name: name.to_owned(),
                    }));
                }
                _ => {}
            }
        }
        let imports = outlined.imports.clone();
        let defined: Vec<String> = outlined.items.iter().map(|def| def.name.clone()).collect();
        let defines = |root: &String| defined.contains(root);
        for import in &imports {
            match import {
                Import::Own { name: bound, path } if bound == name => {
                    return self.resolve_within(module, path, None, ns, budget);
                }
                // `use util::load;`: relative to a module of this one.
                Import::Name { name: bound, path } if bound == name => {
                    let relative = path.first().is_some_and(&defines);
                    return if relative {
                        self.resolve_within(module, path, None, ns, budget)
                    } else {
                        None
                    };
                }
                _ => {}
            }
        }
        for import in &imports {
            let prefix = match import {
                Import::OwnGlob { prefix } => prefix,
                Import::Glob { prefix } if prefix.first().is_some_and(&defines) => prefix,
                _ => continue,
            };
            if let Some(Target::Mod(glob)) =
                self.resolve_within(module, prefix, None, Ns::Type, budget)
                && glob != module
                && let Some(found) = self.lookup(glob, name, ns, budget)
            {
                return Some(found);
            }
        }
        None
    }

    /// The module the `mod` item at `slot` of `module` is: an inline one,
    /// or a file, loaded now.
    fn child_module(&mut self, module: ModId, slot: usize) -> Option<ModId> {
        let def = &self.outlined_module(module).items[slot];
        let DefKind::Mod { inline, path_attr } = &def.kind else {
            return None;
        };
        if let Some(inline) = inline {
            return Some(ModId {
                file: module.file,
                module: *inline,
            });
        }
        let name = def.name.clone();
        let path_attr = path_attr.clone();
        // Inline modules around the declaration are directories.
        let mut inline_dirs = Vec::new();
        let mut at = module.module;
        while let Some(around) = self
            .outlined_module(ModId {
                file: module.file,
                module: at,
            })
            .around
        {
            let outlined = self.outlined_module(ModId {
                file: module.file,
                module: at,
            });
            inline_dirs.push(outlined.name.clone().unwrap_or_default());
            at = around;
        }
        inline_dirs.reverse();
        let file = &self.files[module.file];
        let (path, owns_dir) = match path_attr {
            Some(attr) if inline_dirs.is_empty() => (parent_dir(&file.path).join(attr), true),
            Some(attr) => (
                inline_dirs
                    .iter()
                    .fold(file.dir.clone(), |d, n| d.join(n))
                    .join(attr),
                true,
            ),
            None => {
                let base = inline_dirs.iter().fold(file.dir.clone(), |d, n| d.join(n));
                let flat = base.join(format!("{name}.rs"));
                if flat.is_file() {
                    (flat, false)
                } else {
                    (base.join(&name).join("mod.rs"), true)
                }
            }
        };
        let index = self.load(path, Some(module), owns_dir)?;
        Some(ModId {
            file: index,
            module: 0,
        })
    }

    /// The index of the file at `path`, loaded if new; `parent` is the
    /// module declaring it.
    fn load(&mut self, path: PathBuf, parent: Option<ModId>, owns_dir: bool) -> Option<usize> {
        let key = key_of(&path);
        let dir = if owns_dir {
            parent_dir(&path)
        } else {
            let stem = path.file_stem().map(PathBuf::from).unwrap_or_default();
            parent_dir(&path).join(stem)
        };
        if let Some(index) = self.files.iter().position(|f| f.key == key) {
            let file = &mut self.files[index];
            if file.parent.is_none() && Some(index) != self.root {
                file.parent = parent;
                file.dir = dir;
            }
            return Some(index);
        }
        let outline = outlined(&path)?;
        self.files.push(File {
            path,
            key,
            outline,
            parent,
            dir,
        });
        Some(self.files.len() - 1)
    }

    /// The crate root's module, its tree loaded.
    fn root_module(&mut self) -> Option<ModId> {
        self.load_tree();
        Some(ModId {
            file: self.root?,
            module: 0,
        })
    }

    /// The module around `module`: the enclosing inline one, or the one
    /// whose `mod name;` its file is.
    fn parent(&mut self, module: ModId) -> Option<ModId> {
        if let Some(around) = self.outlined_module(module).around {
            return Some(ModId {
                file: module.file,
                module: around,
            });
        }
        if self.files[module.file].parent.is_none() {
            self.load_tree();
        }
        self.files[module.file].parent
    }

    /// Loads every file of the crate, from the root (when it is known),
    /// so each file knows the module that declares it.
    fn load_tree(&mut self) {
        if self.tree_loaded {
            return;
        }
        self.tree_loaded = true;
        if self.root.is_none() {
            let Some(root_path) = self.root_path.clone() else {
                return;
            };
            self.root = self.load(root_path, None, true);
        }
        let Some(root) = self.root else {
            return;
        };
        let mut queue = vec![root];
        let mut seen = vec![root];
        while let Some(file) = queue.pop() {
            let modules = self.files[file].outline.modules.len();
            for module in 0..modules {
                let id = ModId { file, module };
                let slots: Vec<usize> = (0..self.outlined_module(id).items.len())
                    .filter(|&slot| {
                        matches!(
                            self.outlined_module(id).items[slot].kind,
                            DefKind::Mod { inline: None, .. }
                        )
                    })
                    .collect();
                for slot in slots {
                    if let Some(child) = self.child_module(id, slot)
                        && !seen.contains(&child.file)
                    {
                        seen.push(child.file);
                        queue.push(child.file);
                    }
                }
            }
        }
    }

    /// The method `name` of the type `ty`: from an inherent `impl` first,
    /// then a trait's; in the file that defines the type first, then in
    /// the whole crate.
    pub(crate) fn method(&mut self, ty: &TypeId, name: &str) -> Option<FnId> {
        if let Some(found) = self.method_in(ty.module.file, &ty.name, name) {
            return Some(found);
        }
        self.load_tree();
        (0..self.files.len())
            .filter(|&file| file != ty.module.file)
            .find_map(|file| self.method_in(file, &ty.name, name))
    }

    fn method_in(&self, file: usize, ty: &str, name: &str) -> Option<FnId> {
        let outline = &self.files[file].outline;
        for of_trait in [false, true] {
            for (module, outlined) in outline.modules.iter().enumerate() {
                for (imp, block) in outlined.impls.iter().enumerate() {
                    if block.self_ty != ty || block.of_trait != of_trait {
                        continue;
                    }
                    if let Some(index) = block.fns.iter().position(|f| f.name == name) {
                        return Some(FnId {
                            module: ModId { file, module },
                            slot: Slot::Method { imp, index },
                        });
                    }
                }
            }
        }
        None
    }

    /// Every name of a function, method, type or module in the crate's
    /// files (all of them, when the root is known).
    pub(crate) fn all_names(&mut self, into: &mut std::collections::HashSet<String>) {
        self.load_tree();
        for file in &self.files {
            names_of(&file.outline, into);
        }
    }
}

/// The names of the items, methods and `impl`ed types of one file.
pub(crate) fn names_of(outline: &Outline, into: &mut std::collections::HashSet<String>) {
    for module in &outline.modules {
        for def in &module.items {
            into.insert(def.name.clone());
        }
        for block in &module.impls {
            into.insert(block.self_ty.clone());
            for f in &block.fns {
                into.insert(f.name.clone());
            }
        }
    }
}

/// The crate root the compiler was given: the one `.rs` file among this
/// process's arguments (`rustc … src/main.rs …`); `None` in any other
/// process (a language server's macro expander).
fn compiler_root() -> Option<PathBuf> {
    static ROOT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        std::env::args_os().skip(1).map(PathBuf::from).find(|arg| {
            let text = arg.to_string_lossy();
            text.ends_with(".rs") && !text.starts_with('-') && !text.contains('=') && arg.is_file()
        })
    })
    .clone()
}

fn key_of(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn parent_dir(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Where the `mod name;` items of a file that is not the crate root are:
/// beside it for `mod.rs` (or a file given by `#[path]`), else in the
/// directory named like it, when there is one.
fn guessed_dir(path: &Path) -> PathBuf {
    let dir = parent_dir(path);
    if path.file_name().is_some_and(|name| name == "mod.rs") {
        return dir;
    }
    let own = path.file_stem().map(|stem| dir.join(stem));
    match own {
        Some(own) if own.is_dir() => own,
        _ => dir,
    }
}

/// `path` as messages show it: from the directory of the package it is in
/// (the nearest one with a `Cargo.toml`), as the user sees it in their
/// tree: `src/store.rs`.
fn shown_path(key: &Path, path: &Path) -> String {
    let mut dir = key.parent();
    while let Some(d) = dir {
        if d.join("Cargo.toml").is_file()
            && let Ok(rest) = key.strip_prefix(d)
        {
            return rest.to_string_lossy().replace('\\', "/");
        }
        dir = d.parent();
    }
    path.to_string_lossy().replace('\\', "/")
}
