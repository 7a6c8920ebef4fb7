//! URL reversing: [`Router::reverse`] builds the path of a named route.

use twain_pattern::Piece;

use super::error::ReverseError;
use super::percent::{protect, push_encoded};
use super::router::Router;

impl<T> Router<T> {
    /// Builds the path (leading `/`) of the route called `name`. `params`
    /// gives every parameter by name, exactly once; each value must pass its
    /// converter and is percent-encoded (`/` kept for `path` converters).
    pub fn reverse(&self, name: &str, params: &[(&str, &str)]) -> Result<String, ReverseError> {
        let Some(route) = self.names.get(name).and_then(|&i| self.routes.get(i)) else {
            let mut known: Vec<String> = self.names.keys().cloned().collect();
            known.sort();
            return Err(ReverseError::NoSuchName {
                name: name.to_owned(),
                known,
            });
        };
        for (position, (param, _)) in params.iter().enumerate() {
            if !route.param_names.iter().any(|known| known == param) {
                return Err(ReverseError::ExtraParam {
                    name: name.to_owned(),
                    pattern: route.pattern.clone(),
                    param: (*param).to_owned(),
                    expected: route.param_names.clone(),
                });
            }
            if params[..position]
                .iter()
                .any(|(earlier, _)| earlier == param)
            {
                return Err(ReverseError::DuplicateParam {
                    name: name.to_owned(),
                    param: (*param).to_owned(),
                });
            }
        }
        let mut path = String::from("/");
        for piece in route.parsed.pieces() {
            match piece {
                Piece::Static(text) => push_encoded(&mut path, text, true),
                Piece::Param {
                    name: param,
                    converter,
                } => {
                    let Some(&(_, value)) = params.iter().find(|(given, _)| given == param) else {
                        return Err(ReverseError::MissingParam {
                            name: name.to_owned(),
                            pattern: route.pattern.clone(),
                            param: param.clone(),
                        });
                    };
                    if !converter.accepts(value) {
                        return Err(ReverseError::RejectedByConverter {
                            name: name.to_owned(),
                            pattern: route.pattern.clone(),
                            param: param.clone(),
                            value: value.to_owned(),
                            converter: *converter,
                        });
                    }
                    push_encoded(&mut path, value, converter.is_catch_all());
                }
            }
        }
        Ok(protect(path))
    }
}
