//! Following one call: resolving what it names (a function, or a method
//! through what can be told of its receiver's type), walking that
//! function's body with the lints, and on through the calls it makes, with
//! every function's answer remembered for the rest of the macro call (a
//! function called from many places is walked once) and recursion cut
//! where it loops.

use std::collections::HashMap;
use std::rc::Rc;

use crate::check::lints::calls::{self, Callee, Recv, TypeName};
use crate::check::lints::known::Blocking;
use crate::parse::source_crate::{FnId, ModId, Ns, SourceCrate, Target, TypeId};

/// How deep calls are followed: past this, a chain is not looked for.
const MAX_DEPTH: usize = 24;

/// A path from a call to a known blocking call, through the crate's own
/// functions.
pub(crate) struct Chain {
    /// The functions called, outermost first.
    pub(crate) steps: Vec<Step>,
    /// The blocking call the last one makes.
    pub(crate) hit: Rc<Blocking>,
}

#[derive(Clone)]
pub(crate) struct Step {
    /// `load_settings`, `Store::load`.
    pub(crate) name: String,
    /// `src/main.rs:3`.
    pub(crate) place: String,
    pub(crate) is_async: bool,
}

pub(crate) struct Follower {
    krate: SourceCrate,
    /// Each function's answer, once known.
    answers: HashMap<FnId, Option<Rc<Chain>>>,
    /// The functions being followed now, outermost first.
    active: Vec<FnId>,
    /// How many times a call led back into `active`: an answer found
    /// while that happened may miss a chain through the loop, so it is not
    /// kept when it is "no".
    loops: usize,
    parsed: HashMap<FnId, Option<Rc<syn::ItemFn>>>,
}

impl Follower {
    pub(crate) fn new(krate: SourceCrate) -> Self {
        Follower {
            krate,
            answers: HashMap::new(),
            active: Vec::new(),
            loops: 0,
            parsed: HashMap::new(),
        }
    }

    /// The chain from a call made in module `from` (outside any `impl`) to
    /// a blocking call, if it reaches one.
    pub(crate) fn chain_of_call(&mut self, callee: &Callee, from: ModId) -> Option<Rc<Chain>> {
        let target = self.callee(callee, from, None, 0)?;
        self.chain(target, 0)
    }

    /// The function a call names, made in module `from`, in an `impl` of
    /// `self_ty` if given.
    fn callee(
        &mut self,
        callee: &Callee,
        from: ModId,
        self_ty: Option<&TypeId>,
        depth: usize,
    ) -> Option<FnId> {
        match callee {
            Callee::Path(path) => match self.krate.resolve(from, path, self_ty, Ns::Value)? {
                Target::Fn(f) => Some(f),
                _ => None,
            },
            Callee::Method(recv, method) => {
                let ty = self.type_of(recv, from, self_ty, depth)?;
                self.krate.method(&ty, method)
            }
        }
    }

    /// The crate's own type of the value `recv` describes, when the syntax
    /// tells it.
    fn type_of(
        &mut self,
        recv: &Recv,
        from: ModId,
        self_ty: Option<&TypeId>,
        depth: usize,
    ) -> Option<TypeId> {
        if depth > MAX_DEPTH {
            return None;
        }
        match recv {
            Recv::SelfValue => self_ty.cloned(),
            Recv::Type(name) => self.type_named(name, from, self_ty),
            Recv::Made(path) => match self.krate.resolve(from, path, self_ty, Ns::Value)? {
                Target::Fn(f) => self.returned(f),
                Target::Type(ty) => Some(ty),
                Target::Mod(_) => None,
            },
            Recv::Returned(inner, method) => {
                let ty = self.type_of(inner, from, self_ty, depth + 1)?;
                match self.krate.method(&ty, method) {
                    Some(f) => self.returned(f),
                    None => calls::keeps_type(method).then_some(ty),
                }
            }
            Recv::Field(inner, field) => {
                let ty = self.type_of(inner, from, self_ty, depth + 1)?;
                self.field_type(&ty, field)
            }
        }
    }

    /// The crate's own type `name` is, or the one its first type argument
    /// is (`State<Store>`, `Arc<Store>`, `Result<Self, E>`).
    fn type_named(
        &mut self,
        name: &TypeName,
        from: ModId,
        self_ty: Option<&TypeId>,
    ) -> Option<TypeId> {
        match self.krate.resolve(from, &name.path, self_ty, Ns::Type) {
            Some(Target::Type(ty)) => Some(ty),
            _ => {
                let inner = name.inner.as_deref()?;
                self.type_named(inner, from, self_ty)
            }
        }
    }

    /// The crate's own type the function `f` returns.
    fn returned(&mut self, f: FnId) -> Option<TypeId> {
        let item = self.parsed(f)?;
        let syn::ReturnType::Type(_, ty) = &item.sig.output else {
            return None;
        };
        let name = calls::type_name(ty)?;
        let self_ty = self.krate.self_type(f);
        self.type_named(&name, f.module, self_ty.as_ref())
    }

    /// The crate's own type of the field `field` of `ty`.
    fn field_type(&mut self, ty: &TypeId, field: &str) -> Option<TypeId> {
        let text = self.krate.type_text(ty)?;
        let item: syn::ItemStruct = syn::parse_str(text).ok()?;
        let syn::Fields::Named(fields) = &item.fields else {
            return None;
        };
        let found = fields
            .named
            .iter()
            .find(|f| f.ident.as_ref().is_some_and(|ident| ident == field))?;
        let name = calls::type_name(&found.ty)?;
        self.type_named(&name, ty.module, Some(ty))
    }

    fn parsed(&mut self, f: FnId) -> Option<Rc<syn::ItemFn>> {
        if let Some(parsed) = self.parsed.get(&f) {
            return parsed.clone();
        }
        let parsed = syn::parse_str::<syn::ItemFn>(self.krate.fn_text(f))
            .ok()
            .map(Rc::new);
        self.parsed.insert(f, parsed.clone());
        parsed
    }

    /// The chain from a call of `f` to a blocking call, if any.
    fn chain(&mut self, f: FnId, depth: usize) -> Option<Rc<Chain>> {
        if let Some(answer) = self.answers.get(&f) {
            return answer.clone();
        }
        if self.active.contains(&f) || depth > MAX_DEPTH {
            self.loops += 1;
            return None;
        }
        let loops_before = self.loops;
        self.active.push(f);
        let answer = self.walk(f, depth);
        self.active.pop();
        if answer.is_some() || self.loops == loops_before {
            self.answers.insert(f, answer.clone());
        }
        answer
    }

    fn walk(&mut self, f: FnId, depth: usize) -> Option<Rc<Chain>> {
        let def = self.krate.fn_def(f);
        if def.allow_blocking || def.twain {
            return None;
        }
        let is_async = def.is_async;
        let item = self.parsed(f)?;
        if takes_capability(&item.sig) {
            return None;
        }
        let step = Step {
            name: self.krate.fn_shown(f),
            place: self.krate.fn_place(f),
            is_async,
        };
        let scope = self.krate.scope_of(f.module);
        let (found, calls) = crate::check::lints::blocking_in_helper(&item, &scope);
        if let Some(hit) = found.into_iter().next() {
            return Some(Rc::new(Chain {
                steps: vec![step],
                hit: Rc::new(hit),
            }));
        }
        let self_ty = self.krate.self_type(f);
        for call in calls {
            let Some(target) = self.callee(&call.callee, f.module, self_ty.as_ref(), 0) else {
                continue;
            };
            if let Some(rest) = self.chain(target, depth + 1) {
                let mut steps = vec![step];
                steps.extend(rest.steps.iter().cloned());
                return Some(Rc::new(Chain {
                    steps,
                    hit: rest.hit.clone(),
                }));
            }
        }
        None
    }
}

/// Whether a function takes the `Blocking` capability: async code cannot
/// call it (a type error says so), so its body is sync code's business.
fn takes_capability(sig: &syn::Signature) -> bool {
    sig.inputs.iter().any(|input| match input {
        syn::FnArg::Typed(typed) => calls::type_name(&typed.ty)
            .is_some_and(|name| name.path.last().is_some_and(|last| last == "Blocking")),
        syn::FnArg::Receiver(_) => false,
    })
}
