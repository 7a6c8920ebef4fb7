//! The [`Router`]: storing routes (insert, include), matching request paths
//! through matchit, and listing or mapping routes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use twain_pattern::{Converter, Pattern};

use super::error::RouteError;
use super::key::matchit_key;
use super::params::Params;
use super::percent::{canonical_path, decode_value};

/// Django-style URL router; see the [module docs](super) for the rules.
#[derive(Clone)]
pub struct Router<T> {
    /// Positional matchit key -> index into `slots`.
    tree: matchit::Router<usize>,
    /// One per distinct matchit key.
    slots: Vec<Slot>,
    /// Matchit key -> index into `slots`.
    keys: HashMap<String, usize>,
    /// Every route, in insertion order.
    pub(super) routes: Vec<Route<T>>,
    /// Route name -> index into `routes`.
    pub(super) names: HashMap<String, usize>,
}

/// The routes sharing one matchit key, tried in insertion order.
#[derive(Debug, Clone)]
struct Slot {
    key: String,
    candidates: Vec<usize>,
}

/// One stored route.
#[derive(Clone)]
pub(super) struct Route<T> {
    /// The pattern as written, include prefixes prepended.
    pub(super) pattern: String,
    pub(super) parsed: Pattern,
    pub(super) name: Option<String>,
    pub(super) param_names: Vec<String>,
    /// The names again, shared with every match's `Params`.
    param_keys: Arc<[Arc<str>]>,
    converters: Vec<Converter>,
    value: T,
}

impl<T> Route<T> {
    fn new(pattern: String, parsed: Pattern, name: Option<String>, value: T) -> Self {
        let param_names: Vec<String> = parsed.params().map(|(name, _)| name.to_owned()).collect();
        Route {
            param_keys: param_names
                .iter()
                .map(|name| Arc::from(name.as_str()))
                .collect(),
            converters: parsed.params().map(|(_, converter)| converter).collect(),
            param_names,
            pattern,
            parsed,
            name,
            value,
        }
    }

    fn map<U>(self, f: &mut impl FnMut(T) -> U) -> Route<U> {
        Route {
            pattern: self.pattern,
            parsed: self.parsed,
            name: self.name,
            param_names: self.param_names,
            param_keys: self.param_keys,
            converters: self.converters,
            value: f(self.value),
        }
    }

    /// Whether every captured (decoded) value passes its converter.
    fn accepts(&self, values: &[String]) -> bool {
        self.converters.len() == values.len()
            && self
                .converters
                .iter()
                .zip(values)
                .all(|(converter, value)| converter.accepts(value))
    }
}

/// A matched route: its value and its decoded parameters.
#[derive(Debug)]
pub struct Match<'r, T> {
    /// The value stored with the matched route.
    pub value: &'r T,
    /// The route's parameters, in pattern order, percent-decoded.
    pub params: Params,
    /// The matched route's pattern as written, include prefixes prepended.
    pub pattern: &'r str,
}

/// A route as listed by [`Router::routes`].
#[derive(Debug)]
pub struct RouteInfo<'r, T> {
    /// The pattern as written, include prefixes prepended.
    pub pattern: &'r str,
    pub name: Option<&'r str>,
    /// Parameter names, in pattern order.
    pub params: &'r [String],
    pub value: &'r T,
}

impl<T> Clone for RouteInfo<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for RouteInfo<'_, T> {}

impl<T> Default for Router<T> {
    fn default() -> Self {
        Router {
            tree: matchit::Router::new(),
            slots: Vec::new(),
            keys: HashMap::new(),
            routes: Vec::new(),
            names: HashMap::new(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Router<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.routes()).finish()
    }
}

impl<T> Router<T> {
    /// An empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of routes.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether the router has no routes.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Adds a route. Errors (never panics) on bad pattern syntax, an unknown
    /// converter, a duplicate parameter name, a `<path:..>` that is not last,
    /// a route with the same shape and converters as an existing one, a shape
    /// matchit cannot hold next to an existing one, or a duplicate name. On
    /// error the router is unchanged.
    pub fn insert(
        &mut self,
        pattern: &str,
        name: Option<&str>,
        value: T,
    ) -> Result<(), RouteError> {
        let parsed = Pattern::parse(pattern)?;
        let route = Route::new(pattern.to_owned(), parsed, name.map(str::to_owned), value);
        self.add(route)
    }

    /// Mounts every route of `other` under `prefix`, a pattern fragment like
    /// `"api/"` or `"blog/<int:year>/"` (prefix parameters come first in each
    /// route's parameters). Names are kept. All or nothing: on error `self`
    /// is unchanged and `other` is dropped.
    pub fn include(&mut self, prefix: &str, other: Router<T>) -> Result<(), RouteError> {
        Pattern::parse(prefix)?;
        let before = self.routes.len();
        for route in other.routes {
            let pattern = format!("{prefix}{}", route.pattern);
            let added = Pattern::parse(&pattern)
                .map_err(RouteError::from)
                .and_then(|parsed| self.add(Route::new(pattern, parsed, route.name, route.value)));
            if let Err(error) = added {
                self.routes.truncate(before);
                self.reindex();
                return Err(error);
            }
        }
        Ok(())
    }

    /// Matches a request path (starting with `/`, without query string).
    /// Returns the value of the first accepting candidate and its parameters
    /// in pattern order, percent-decoded; `None` if nothing matches.
    pub fn at(&self, path: &str) -> Option<Match<'_, T>> {
        if !path.starts_with('/') {
            return None;
        }
        let canonical = canonical_path(path)?;
        let found = self.tree.at(&canonical).ok()?;
        let slot = self.slots.get(*found.value)?;
        // Decoded straight into the `Params` a match carries: one vector.
        let values = found
            .params
            .iter()
            .map(|(_, raw)| decode_value(raw).map(Cow::into_owned))
            .collect::<Option<Vec<_>>>()?;
        let route = slot
            .candidates
            .iter()
            .filter_map(|&index| self.routes.get(index))
            .find(|route| route.accepts(&values))?;
        let params = Params::of(&route.param_keys, values);
        Some(Match {
            value: &route.value,
            params,
            pattern: &route.pattern,
        })
    }

    /// Every route in insertion order.
    pub fn routes(&self) -> impl Iterator<Item = RouteInfo<'_, T>> {
        self.routes.iter().map(|route| RouteInfo {
            pattern: &route.pattern,
            name: route.name.as_deref(),
            params: &route.param_names,
            value: &route.value,
        })
    }

    /// Replaces every route's value with `f(value)`, keeping everything else.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Router<U> {
        Router {
            tree: self.tree,
            slots: self.slots,
            keys: self.keys,
            routes: self
                .routes
                .into_iter()
                .map(|route| route.map(&mut f))
                .collect(),
            names: self.names,
        }
    }

    /// Stores `route` and indexes it; on error nothing changes.
    fn add(&mut self, route: Route<T>) -> Result<(), RouteError> {
        self.routes.push(route);
        let index = self.routes.len() - 1;
        let indexed = self.index(index);
        if let Err((error, tree_touched)) = indexed {
            self.routes.pop();
            if tree_touched {
                // A failed matchit insert may leave half-built nodes behind.
                self.reindex();
            }
            return Err(error);
        }
        Ok(())
    }

    /// Indexes `self.routes[index]` by name and matchit key. The `bool` of an
    /// error says whether the matchit tree was modified.
    fn index(&mut self, index: usize) -> Result<(), (RouteError, bool)> {
        let Some(route) = self.routes.get(index) else {
            return Ok(());
        };
        if let Some(name) = &route.name {
            if name.is_empty() {
                let pattern = route.pattern.clone();
                return Err((RouteError::EmptyName { pattern }, false));
            }
            if let Some(existing) = self.names.get(name).and_then(|&i| self.routes.get(i)) {
                let error = RouteError::DuplicateName {
                    pattern: route.pattern.clone(),
                    name: name.clone(),
                    existing: existing.pattern.clone(),
                };
                return Err((error, false));
            }
        }
        let key = matchit_key(&route.parsed);
        match self.keys.get(&key).copied() {
            Some(slot_index) => {
                let Some(slot) = self.slots.get(slot_index) else {
                    return Ok(());
                };
                let same = slot
                    .candidates
                    .iter()
                    .filter_map(|&i| self.routes.get(i))
                    .find(|existing| existing.converters == route.converters);
                if let Some(existing) = same {
                    let error = RouteError::DuplicateRoute {
                        pattern: route.pattern.clone(),
                        existing: existing.pattern.clone(),
                    };
                    return Err((error, false));
                }
                if let Some(slot) = self.slots.get_mut(slot_index) {
                    slot.candidates.push(index);
                }
            }
            None => {
                let slot_index = self.slots.len();
                if let Err(error) = self.tree.insert(key.clone(), slot_index) {
                    return Err((self.insert_error(&route.pattern, &key, error), true));
                }
                self.keys.insert(key.clone(), slot_index);
                self.slots.push(Slot {
                    key,
                    candidates: vec![index],
                });
            }
        }
        if let Some(name) = &route.name {
            self.names.insert(name.clone(), index);
        }
        Ok(())
    }

    /// Rebuilds the matchit tree and the indexes from `self.routes`.
    fn reindex(&mut self) {
        self.tree = matchit::Router::new();
        self.slots.clear();
        self.keys.clear();
        self.names.clear();
        for index in 0..self.routes.len() {
            // These routes were all accepted before, in this same order.
            let _ = self.index(index);
        }
    }

    /// Turns a matchit insert error into a [`RouteError`] naming the existing
    /// route it conflicts with.
    fn insert_error(&self, pattern: &str, key: &str, error: matchit::InsertError) -> RouteError {
        match error {
            matchit::InsertError::Conflict { with } => {
                let existing = self
                    .slots
                    .iter()
                    .find(|slot| keys_conflict(&slot.key, key))
                    .and_then(|slot| slot.candidates.first())
                    .and_then(|&i| self.routes.get(i))
                    .map_or(with, |route| route.pattern.clone());
                RouteError::Conflict {
                    pattern: pattern.to_owned(),
                    existing,
                }
            }
            other => RouteError::Rejected {
                pattern: pattern.to_owned(),
                reason: other.to_string(),
            },
        }
    }
}

/// Whether matchit refuses `new` next to `existing` on its own.
fn keys_conflict(existing: &str, new: &str) -> bool {
    let mut tree = matchit::Router::new();
    tree.insert(existing, ()).is_ok()
        && matches!(
            tree.insert(new, ()),
            Err(matchit::InsertError::Conflict { .. })
        )
}
