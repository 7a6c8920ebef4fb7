//! [`FromParam`]: the types a route parameter converts into, and the
//! `FromRequest` impl that finds a parameter by the argument's name; one that
//! does not convert answers 404, as a converter that rejects a segment does.

use crate::core::{Error, IntoResponse, Request, Response};
use crate::routing::ParamKind;

use super::FromRequest;

/// A type a route parameter converts into: `<int:year>` to `year: u32`.
///
/// A parameter that does not convert (`99999999999` for a `u8`) answers 404, as
/// a converter that rejects a segment does.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a route parameter",
    note = "implement `twain::FromParam` for it: `fn from_param(value: &str) -> Option<Self>`"
)]
pub trait FromParam: Sized + Send + 'static {
    /// What text it parses from, for the compile-time route check
    /// (`#[routes]`): a converter that can never give it is an error there.
    /// The default, `Any`, accepts every converter.
    const KIND: ParamKind = ParamKind::Any;

    /// Converts the percent-decoded segment; `None` answers 404.
    fn from_param(value: &str) -> Option<Self>;
}

macro_rules! from_param_by_from_str {
    ($kind:ident: $($ty:ty),* $(,)?) => {$(
        impl FromParam for $ty {
            const KIND: ParamKind = ParamKind::$kind;
            fn from_param(value: &str) -> Option<Self> {
                value.parse().ok()
            }
        }
    )*};
}

from_param_by_from_str!(Integer: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
from_param_by_from_str!(Float: f32, f64);
from_param_by_from_str!(Bool: bool);
from_param_by_from_str!(Char: char);
from_param_by_from_str!(Uuid: uuid::Uuid);
from_param_by_from_str!(Ip: std::net::IpAddr);
from_param_by_from_str!(Any: String, std::path::PathBuf);

impl<T: FromParam> FromRequest for T {
    const ROUTE_PARAM: bool = true;
    const PARAM_KIND: ParamKind = T::KIND;

    async fn from_request(req: &mut Request, name: &'static str) -> Result<Self, Response> {
        let Some(raw) = req.param(name) else {
            return Err(
                Error::internal(format!("the matched route has no parameter `{name}`"))
                    .into_response(),
            );
        };
        T::from_param(raw).ok_or_else(|| Error::no_route(req.path()).into_response())
    }
}
