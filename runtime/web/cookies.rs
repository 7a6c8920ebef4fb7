//! [`Cookies`]: the request's cookie jar (the `cookie` crate's `CookieJar`),
//! as a view or middleware argument, with signed and private sub-jars keyed
//! by the app's secret key (`keys.rs`). What a view adds or removes is
//! written back as `Set-Cookie` headers when the response goes out
//! (`finish.rs`); the jar is shared by every part of one request, sync or
//! async, through the request's web slot (`finish.rs`).

use std::sync::{Arc, MutexGuard, PoisonError};

#[cfg(feature = "sessions")]
use cookie::Key;
use cookie::{Cookie, CookieJar};
use http::header::COOKIE;

#[cfg(feature = "sessions")]
use crate::core::State;
use crate::core::{Request, Response};
use crate::extract::FromRequest;

use super::finish::{WebSlot, slot_of};
#[cfg(feature = "sessions")]
use super::keys::{SecretKey, process_key};

/// The request's cookies, and the cookies the response will set.
///
/// Read with [`get`](Cookies::get); [`add`](Cookies::add) and
/// [`remove`](Cookies::remove) become `Set-Cookie` headers on the response
/// (whatever the view returns). [`signed`](Cookies::signed) gives a jar whose
/// cookies the client can read but not change; [`private`](Cookies::private)
/// one whose cookies it can neither read nor change. Both use the app's
/// secret key (`App::secret_key`, or `TWAIN_SECRET_KEY`); they come with the
/// `sessions` feature.
///
/// Cookies added without a path get `Path=/` (as Django's do), so they are
/// sent back on every page, not only under the current one.
///
/// ```
/// # #[cfg(feature = "sessions")] {
/// use twain::prelude::*;
/// use twain::web::{Cookie, Cookies};
///
/// #[view]
/// fn visit(cookies: Cookies) -> String {           // sync or async alike
///     let visits: u32 = cookies
///         .signed()
///         .get("visits")
///         .and_then(|c| c.value().parse().ok())
///         .unwrap_or(0);
///     cookies.signed().add(Cookie::new("visits", (visits + 1).to_string()));
///     format!("visit number {}", visits + 1)
/// }
/// # let client = twain::test::Client::new(App::new().route("", visit));
/// # let first = client.get("/");
/// # assert_eq!(first.text(), "visit number 1");
/// # assert!(first.header("set-cookie").unwrap().starts_with("visits="));
/// # }
/// ```
#[derive(Clone)]
pub struct Cookies {
    slot: Arc<WebSlot>,
    #[cfg(feature = "sessions")]
    key: Option<State<SecretKey>>,
}

impl Cookies {
    /// The jar of `req`, parsed from its `Cookie` headers on first use.
    pub(crate) fn of(req: &mut Request) -> Cookies {
        let slot = slot_of(req);
        {
            let mut jar = slot.jar.lock().unwrap_or_else(PoisonError::into_inner);
            if jar.is_none() {
                *jar = Some(parse(req));
            }
        }
        Cookies {
            slot,
            #[cfg(feature = "sessions")]
            key: req.scope().state.get::<SecretKey>(),
        }
    }

    /// The jar in `slot`, signed and encrypted with `key`.
    #[cfg(feature = "sessions")]
    pub(crate) fn in_slot(slot: Arc<WebSlot>, key: Option<State<SecretKey>>) -> Cookies {
        Cookies { slot, key }
    }

    /// The app's secret key as the jar holds it.
    #[cfg(feature = "sessions")]
    pub(crate) fn key_state(&self) -> Option<State<SecretKey>> {
        self.key.clone()
    }

    fn jar(&self) -> MutexGuard<'_, Option<CookieJar>> {
        self.slot.jar.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn with<R>(&self, f: impl FnOnce(&mut CookieJar) -> R) -> R {
        f(self.jar().get_or_insert_with(CookieJar::new))
    }

    #[cfg(feature = "sessions")]
    pub(crate) fn key(&self) -> Key {
        match &self.key {
            Some(key) => key.0.0.clone(),
            None => process_key().clone(),
        }
    }

    /// The cookie named `name`: sent by the client, or added since.
    pub fn get(&self, name: &str) -> Option<Cookie<'static>> {
        self.with(|jar| jar.get(name).cloned())
    }

    /// Every cookie, as [`get`](Cookies::get) sees them.
    pub fn all(&self) -> Vec<Cookie<'static>> {
        self.with(|jar| jar.iter().cloned().collect())
    }

    /// The request's web slot, which the jar is in.
    #[cfg(feature = "sessions")]
    pub(crate) fn slot(&self) -> &Arc<WebSlot> {
        &self.slot
    }

    /// Adds (or replaces) a cookie; the response sets it.
    pub fn add(&self, cookie: impl Into<Cookie<'static>>) {
        let cookie = with_root_path(cookie.into());
        self.with(|jar| jar.add(cookie));
    }

    /// Removes the cookie named `name` (with `Path=/`); the response tells
    /// the client to drop it.
    pub fn remove(&self, name: impl Into<String>) {
        let cookie = removal(name.into());
        self.with(|jar| jar.remove(cookie));
    }

    /// The signed sub-jar: values are readable by the client, and a changed
    /// one is not returned by `get`.
    #[cfg(feature = "sessions")]
    pub fn signed(&self) -> SignedCookies<'_> {
        SignedCookies {
            cookies: self,
            key: self.key(),
        }
    }

    /// The private sub-jar: values are encrypted and authenticated.
    #[cfg(feature = "sessions")]
    pub fn private(&self) -> PrivateCookies<'_> {
        PrivateCookies {
            cookies: self,
            key: self.key(),
        }
    }
}

impl std::fmt::Debug for Cookies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self.with(|jar| jar.iter().map(|c| c.name().to_owned()).collect());
        f.debug_struct("Cookies").field("names", &names).finish()
    }
}

/// The signed sub-jar of [`Cookies`] (HMAC-SHA256 with the app's key).
#[cfg(feature = "sessions")]
pub struct SignedCookies<'a> {
    cookies: &'a Cookies,
    key: Key,
}

#[cfg(feature = "sessions")]
impl SignedCookies<'_> {
    /// The cookie named `name` if its signature is valid, its value without
    /// the signature.
    pub fn get(&self, name: &str) -> Option<Cookie<'static>> {
        self.cookies.with(|jar| jar.signed(&self.key).get(name))
    }

    /// Adds a signed cookie (`Path=/` unless it has a path).
    pub fn add(&self, cookie: impl Into<Cookie<'static>>) {
        let cookie = with_root_path(cookie.into());
        self.cookies
            .with(|jar| jar.signed_mut(&self.key).add(cookie));
    }

    /// Removes the cookie named `name`.
    pub fn remove(&self, name: impl Into<String>) {
        self.cookies.remove(name);
    }
}

/// The private sub-jar of [`Cookies`] (AES-256-GCM with the app's key).
#[cfg(feature = "sessions")]
pub struct PrivateCookies<'a> {
    cookies: &'a Cookies,
    key: Key,
}

#[cfg(feature = "sessions")]
impl PrivateCookies<'_> {
    /// The cookie named `name`, decrypted, if it was made with this key.
    pub fn get(&self, name: &str) -> Option<Cookie<'static>> {
        self.cookies.with(|jar| jar.private(&self.key).get(name))
    }

    /// Adds an encrypted cookie (`Path=/` unless it has a path).
    pub fn add(&self, cookie: impl Into<Cookie<'static>>) {
        let cookie = with_root_path(cookie.into());
        self.cookies
            .with(|jar| jar.private_mut(&self.key).add(cookie));
    }

    /// Removes the cookie named `name`.
    pub fn remove(&self, name: impl Into<String>) {
        self.cookies.remove(name);
    }
}

fn with_root_path(mut cookie: Cookie<'static>) -> Cookie<'static> {
    if cookie.path().is_none() {
        cookie.set_path("/");
    }
    cookie
}

pub(crate) fn removal(name: String) -> Cookie<'static> {
    Cookie::build(name).path("/").build()
}

/// The cookies of every `Cookie` header; pairs that do not parse are skipped.
fn parse(req: &Request) -> CookieJar {
    let mut jar = CookieJar::new();
    for header in req.headers().get_all(COOKIE) {
        let Ok(text) = header.to_str() else { continue };
        for cookie in Cookie::split_parse_encoded(text.to_owned()).flatten() {
            jar.add_original(cookie.into_owned());
        }
    }
    jar
}

impl FromRequest for Cookies {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        Ok(Cookies::of(req))
    }
}
