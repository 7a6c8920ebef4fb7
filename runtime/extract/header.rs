//! [`Header<T>`]: one request header, named by the view's argument and parsed
//! with `FromStr`; a missing or malformed header is a 400 that says which.

use std::fmt::Display;
use std::str::FromStr;

use crate::core::{Error, IntoResponse, Request, Response};

use super::FromRequest;

/// One request header as a view argument, parsed into `T`.
///
/// The header's name is the argument's, with `_` as `-` (case does not
/// matter): `user_agent: Header<String>` reads `User-Agent`, `x_retries:
/// Header<u8>` reads `X-Retries`. A missing header, a value that is not visible
/// ASCII, or one that `T::from_str` rejects is a 400 naming the header and the
/// reason. Take `Option<Header<T>>` for a header that may be absent.
///
/// ```
/// use twain::prelude::*;
/// use twain::Header;
///
/// #[view]
/// fn retries(x_retries: Header<u8>, x_trace: Option<Header<String>>) -> String {
///     format!("{} {}", x_retries.0, x_trace.map_or("-".into(), |t| t.0))
/// }
/// # use twain::test::Client;
/// # let client = Client::new(App::new().route("", retries));
/// # let with = |value: &str| twain::http::Request::get("/").header("X-Retries", value).body(twain::Body::empty()).unwrap();
/// # assert_eq!(client.request(with("3")).text(), "3 -");
/// # let bad = client.request(with("many"));
/// # assert_eq!(bad.status(), 400);
/// # assert_eq!(bad.text(), "invalid header `x-retries`: invalid digit found in string");
/// # let missing = client.get("/");
/// # assert_eq!((missing.status().as_u16(), missing.text().as_str()), (400, "missing header `x-retries`"));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Header<T>(pub T);

fn header_name(argument: &str) -> String {
    argument.trim_start_matches('_').replace('_', "-")
}

/// The header's parsed value; `Ok(None)` when absent.
fn parse<T>(req: &Request, argument: &str) -> Result<Option<T>, Error>
where
    T: FromStr,
    T::Err: Display,
{
    let name = header_name(argument);
    let Some(value) = req.headers().get(name.as_str()) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .map_err(|_| Error::bad_request(format!("header `{name}` is not visible ASCII text")))?;
    text.trim()
        .parse()
        .map(Some)
        .map_err(|err| Error::bad_request(format!("invalid header `{name}`: {err}")))
}

impl<T> FromRequest for Header<T>
where
    T: FromStr + Send + 'static,
    T::Err: Display,
{
    async fn from_request(req: &mut Request, name: &'static str) -> Result<Self, Response> {
        match parse(req, name) {
            Ok(Some(value)) => Ok(Header(value)),
            Ok(None) => Err(
                Error::bad_request(format!("missing header `{}`", header_name(name)))
                    .into_response(),
            ),
            Err(err) => Err(err.into_response()),
        }
    }
}

impl<T> FromRequest for Option<Header<T>>
where
    T: FromStr + Send + 'static,
    T::Err: Display,
{
    async fn from_request(req: &mut Request, name: &'static str) -> Result<Self, Response> {
        parse(req, name)
            .map(|value| value.map(Header))
            .map_err(IntoResponse::into_response)
    }
}
