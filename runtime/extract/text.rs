//! [`Text`]: the request body as a `String`. (A bare `String` argument is a
//! route parameter, `<str:name>` → `name: String`; the body needs this wrapper.)

use http::StatusCode;

use crate::core::{Error, IntoResponse, Request, Response};

use super::FromRequest;

/// The request body as UTF-8 text: `fn echo(body: Text) -> String`.
///
/// Any `Content-Type` is accepted. A body that is not UTF-8 is a 400 that says
/// where; over `App::max_body_size`, a 413. A plain `String` argument is a
/// route parameter, not the body: that is why the body needs `Text`.
///
/// ```
/// use twain::prelude::*;
/// use twain::Text;
///
/// #[view]
/// fn shout(body: Text) -> String {
///     body.to_uppercase()
/// }
/// # let client = twain::test::Client::new(App::new().route("", shout));
/// # assert_eq!(client.post("/", "text/plain", "hi").text(), "HI");
/// # assert_eq!(client.post("/", "text/plain", vec![0xff, 0xfe]).status(), 400);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl FromRequest for Text {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        let bytes = req.read_body().await.map_err(IntoResponse::into_response)?;
        String::from_utf8(bytes.to_vec()).map(Text).map_err(|err| {
            Error::new(
                StatusCode::BAD_REQUEST,
                format!("the request body is not UTF-8 text: {}", err.utf8_error()),
            )
            .into_response()
        })
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}
