//! CSRF protection, Django-style: the per-client secret (in a cookie, or in
//! the session), the masked [`CsrfToken`] forms carry, and the checks the
//! `csrf_protect` middleware (`middleware/csrf.rs`) makes on unsafe requests
//! — Origin, then Referer over HTTPS, then the token from the
//! `csrfmiddlewaretoken` / `csrf_token` form field or the `X-CSRFToken`
//! header against the secret. Every failure is a 403 that names its reason.
//!
//! Reading a form field needs the body: it is spooled (the one spooling
//! path, `extract/spool.rs`), scanned, and rewound, so the view reads the
//! whole body afterwards as if nothing had touched it. A request that sends
//! the header is not spooled here.

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use cookie::{Cookie, SameSite};
#[cfg(feature = "multipart")]
use futures_util::FutureExt;
use http::header::{CONTENT_TYPE, HOST, ORIGIN, REFERER};
use http::{Method, StatusCode};
use serde::Serialize;

use crate::core::{BodySlot, Error, IntoResponse, Request, Response, SpooledBody};
use crate::exec::{Job, SyncPool};
use crate::extract::{FromRequest, spool};
use crate::routing::Router;

use super::cookies::Cookies;
use super::finish::slot_of;
#[cfg(feature = "multipart")]
use super::multipart::read_stream;
use super::session::Session;

/// Length of the secret; a masked token is twice as long.
const SECRET_LEN: usize = 32;
const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Where the secret is kept when `use_sessions` is on (Django's key).
const SESSION_KEY: &str = "_csrftoken";

/// CSRF settings: register with `App::state(CsrfConfig::new()..)`; without
/// one, Django's defaults (a `csrftoken` cookie, the `X-CSRFToken` header,
/// the `csrfmiddlewaretoken` field, no trusted origins, no exempt routes).
///
/// ```
/// use twain::prelude::*;
/// use twain::middleware::csrf_protect;
/// use twain::web::CsrfConfig;
///
/// let csrf = CsrfConfig::new()
///     .trusted_origin("https://admin.example.com")
///     .exempt("hooks/<slug:service>/")       // a webhook posts without a token
///     .https(true);                          // served over HTTPS (behind a proxy)
/// let app = App::new().state(csrf).middleware(csrf_protect);
/// # let _ = app;
/// ```
#[derive(Clone)]
pub struct CsrfConfig {
    cookie_name: String,
    header: http::HeaderName,
    fields: Vec<String>,
    use_sessions: bool,
    https: bool,
    secure_cookie: bool,
    trusted: Vec<String>,
    exempt: Arc<Router<()>>,
}

impl CsrfConfig {
    /// Django's defaults.
    pub fn new() -> Self {
        CsrfConfig {
            cookie_name: "csrftoken".to_owned(),
            header: http::HeaderName::from_static("x-csrftoken"),
            fields: vec!["csrfmiddlewaretoken".to_owned(), "csrf_token".to_owned()],
            use_sessions: false,
            https: false,
            secure_cookie: false,
            trusted: Vec::new(),
            exempt: Arc::new(Router::new()),
        }
    }

    /// The cookie holding the secret (default `csrftoken`).
    pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookie_name = name.into();
        self
    }

    /// Keeps the secret in the session instead of a cookie (Django's
    /// `CSRF_USE_SESSIONS`).
    pub fn use_sessions(mut self, on: bool) -> Self {
        self.use_sessions = on;
        self
    }

    /// The site is served over HTTPS (for a TLS-terminating proxy in front):
    /// requests without `Origin` then need a same-site HTTPS `Referer`, and
    /// the cookie is `Secure`. A request whose URI says `https` counts too.
    pub fn https(mut self, on: bool) -> Self {
        self.https = on;
        self.secure_cookie = on;
        self
    }

    /// An origin allowed besides the request's own host (Django's
    /// `CSRF_TRUSTED_ORIGINS`): `"https://example.com"`, or
    /// `"https://*.example.com"` for every subdomain.
    pub fn trusted_origin(mut self, origin: impl Into<String>) -> Self {
        self.trusted.push(origin.into().to_ascii_lowercase());
        self
    }

    /// Exempts the routes matching `pattern` (a route pattern as given to
    /// `App::route`, such as `"api/hooks/<slug:name>/"`) from the check:
    /// Django's `@csrf_exempt`. A pattern that does not parse is logged and
    /// exempts nothing.
    pub fn exempt(mut self, pattern: &str) -> Self {
        let exempt = Arc::make_mut(&mut self.exempt);
        if let Err(err) = exempt.insert(pattern, None, ()) {
            tracing::error!("CsrfConfig::exempt({pattern:?}) is not a valid route pattern: {err}");
        }
        self
    }
}

impl Default for CsrfConfig {
    fn default() -> Self {
        CsrfConfig::new()
    }
}

impl std::fmt::Debug for CsrfConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsrfConfig")
            .field("cookie_name", &self.cookie_name)
            .field("use_sessions", &self.use_sessions)
            .field("https", &self.https)
            .field("trusted", &self.trusted)
            .finish_non_exhaustive()
    }
}

/// The CSRF token to put in a form, as a view argument: send it back as the
/// `csrfmiddlewaretoken` field (`{{ csrf_input }}` in a template rendered by
/// [`Template`](crate::web::Template) writes that field) or the
/// `X-CSRFToken` header. Taking it sets the secret cookie when the client
/// has none. Each request gets a differently masked token (against BREACH);
/// all of them match the same secret.
///
/// ```
/// use twain::prelude::*;
/// use twain::web::CsrfToken;
///
/// #[view]
/// fn form(token: CsrfToken) -> Html<String> {
///     Html(format!(r#"<form method="post">{}<button>Go</button></form>"#, token.hidden_input()))
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfToken(String);

/// Serializes as the token string, for template contexts and JSON.
impl Serialize for CsrfToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl CsrfToken {
    /// The masked token.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `<input type="hidden" name="csrfmiddlewaretoken" value="…">`.
    pub fn hidden_input(&self) -> String {
        hidden_input(&self.0)
    }
}

impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn hidden_input(token: &str) -> String {
    format!(r#"<input type="hidden" name="csrfmiddlewaretoken" value="{token}">"#)
}

impl FromRequest for CsrfToken {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        CsrfToken::of(req)
            .await
            .map_err(IntoResponse::into_response)
    }
}

impl CsrfToken {
    async fn of(req: &mut Request) -> Result<CsrfToken, Error> {
        let config = config_of(req);
        let secret = match read_secret(req, &config).await? {
            Some(Ok(secret)) => secret,
            _ => {
                let secret = random_token();
                store_secret(req, &config, &secret).await?;
                secret
            }
        };
        let token = mask(&secret);
        *slot_of(req)
            .csrf_token
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(token.clone());
        Ok(CsrfToken(token))
    }
}

fn config_of(req: &Request) -> CsrfConfig {
    match req.scope().state.get::<CsrfConfig>() {
        Some(config) => (*config).clone(),
        None => CsrfConfig::new(),
    }
}

/// The stored secret: `None` when absent, `Err(reason)` when malformed.
async fn read_secret(
    req: &mut Request,
    config: &CsrfConfig,
) -> Result<Option<Result<String, &'static str>>, Error> {
    let value = if config.use_sessions {
        Session::of(req).await?.get::<String>(SESSION_KEY)
    } else {
        Cookies::of(req)
            .get(&config.cookie_name)
            .map(|c| c.value().to_owned())
    };
    Ok(value.map(|value| match check_format(&value) {
        Ok(()) if value.len() == SECRET_LEN => Ok(value),
        Ok(()) => Err("has incorrect length"),
        Err(reason) => Err(reason),
    }))
}

async fn store_secret(req: &mut Request, config: &CsrfConfig, secret: &str) -> Result<(), Error> {
    if config.use_sessions {
        return Session::of(req).await?.insert(SESSION_KEY, secret);
    }
    Cookies::of(req).add(secret_cookie(config, secret));
    Ok(())
}

/// The cookie that keeps `secret` (when it is not in the session).
fn secret_cookie(config: &CsrfConfig, secret: &str) -> Cookie<'static> {
    let year =
        cookie::time::Duration::seconds(Duration::from_secs(365 * 24 * 3600).as_secs() as i64);
    Cookie::build((config.cookie_name.clone(), secret.to_owned()))
        .path("/")
        .same_site(SameSite::Lax)
        .secure(config.secure_cookie)
        .max_age(year)
        .build()
}

/// Django's `rotate_token`, which its `login` runs; here `Session::cycle_id`
/// runs it, the call made at login. A client that has a CSRF secret gets a
/// new one, so a secret planted before the login (a cookie set from a
/// sibling subdomain) is worthless after it; a token already handed out in
/// this request is masked anew from the new secret, so the page the login
/// answers with (`{{ csrf_input }}`) carries a token that works. A client
/// with no secret gets none.
pub(crate) fn rotate_secret(session: &Session, cookies: &Cookies, config: Option<&CsrfConfig>) {
    let default;
    let config = match config {
        Some(config) => config,
        None => {
            default = CsrfConfig::new();
            &default
        }
    };
    let secret = random_token();
    if config.use_sessions {
        if !session.contains(SESSION_KEY) {
            return;
        }
        // A string always serializes.
        let _ = session.insert(SESSION_KEY, &secret);
    } else {
        if cookies.get(&config.cookie_name).is_none() {
            return;
        }
        cookies.add(secret_cookie(config, &secret));
    }
    let mut handed_out = cookies
        .slot()
        .csrf_token
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(token) = handed_out.as_mut() {
        *token = mask(&secret);
    }
    tracing::debug!("the session's id was cycled: new CSRF secret");
}

/// A request flagged by a middleware before `csrf_protect` as not needing
/// the check (insert it into the request's extensions).
#[derive(Debug, Clone, Copy)]
pub struct CsrfExempt;

/// What `csrf_protect` does with a request.
pub(crate) enum CsrfCheck {
    /// Safe method or exempt: nothing checked.
    Skipped,
    /// Checked and accepted.
    Passed,
}

/// Django's `CsrfViewMiddleware.process_view`: `Err` is the 403 to answer.
pub(crate) async fn check_request(req: &mut Request) -> Result<CsrfCheck, Error> {
    if matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return Ok(CsrfCheck::Skipped);
    }
    let config = config_of(req);
    if req.extensions().get::<CsrfExempt>().is_some() || config.exempt.at(req.path()).is_some() {
        return Ok(CsrfCheck::Skipped);
    }
    let secure = config.https || req.uri().scheme_str() == Some("https");
    check_origin(req, &config, secure).map_err(forbidden)?;
    let secret = match read_secret(req, &config).await? {
        Some(Ok(secret)) => secret,
        Some(Err(reason)) => {
            return Err(forbidden(format!("CSRF cookie {reason}.").into()));
        }
        None => return Err(forbidden("CSRF cookie not set.".into())),
    };
    let (token, source) = match header_token(req, &config) {
        Some(token) => (token, Source::Header(config.header.clone())),
        None => match form_token(req, &config).await? {
            Some(token) => (token, Source::Form),
            None => return Err(forbidden("CSRF token missing.".into())),
        },
    };
    let candidate = match token.len() {
        SECRET_LEN | 64 => token,
        _ => {
            return Err(forbidden(
                format!("CSRF token from {source} has incorrect length.").into(),
            ));
        }
    };
    if check_format(&candidate).is_err() {
        return Err(forbidden(
            format!("CSRF token from {source} has invalid characters.").into(),
        ));
    }
    let unmasked = if candidate.len() == SECRET_LEN {
        candidate
    } else {
        unmask(&candidate)
    };
    if !same(unmasked.as_bytes(), secret.as_bytes()) {
        return Err(forbidden(
            format!("CSRF token from {source} incorrect.").into(),
        ));
    }
    Ok(CsrfCheck::Passed)
}

enum Source {
    Header(http::HeaderName),
    Form,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Header(name) => write!(f, "the '{name}' HTTP header"),
            Source::Form => f.write_str("POST"),
        }
    }
}

/// The 403 for `reason`, with Django's wording and how to fix it.
fn forbidden(reason: Cow<'static, str>) -> Error {
    tracing::warn!("Forbidden ({reason}); answering 403");
    Error::new(
        StatusCode::FORBIDDEN,
        format!(
            "Forbidden (403)\nCSRF verification failed. Request aborted.\n\nReason given for failure: {reason}\n\nSend the token of twain::web::CsrfToken back in the `csrfmiddlewaretoken` form field or the `X-CSRFToken` header, with the cookies the page set.\n"
        ),
    )
}

fn check_origin(req: &Request, config: &CsrfConfig, secure: bool) -> Result<(), Cow<'static, str>> {
    let host = req
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or("")
        .to_ascii_lowercase();
    let scheme = if secure { "https" } else { "http" };
    if let Some(origin) = req.headers().get(ORIGIN) {
        let origin = origin.to_str().unwrap_or("").to_ascii_lowercase();
        if origin == format!("{scheme}://{host}") || trusted(&config.trusted, &origin) {
            return Ok(());
        }
        return Err(format!(
            "Origin checking failed - {origin} does not match any trusted origins."
        )
        .into());
    }
    if !secure {
        return Ok(());
    }
    let Some(referer) = req.headers().get(REFERER) else {
        return Err("Referer checking failed - no Referer.".into());
    };
    let referer = referer.to_str().unwrap_or("").to_ascii_lowercase();
    let Ok(uri) = referer.parse::<http::Uri>() else {
        return Err("Referer checking failed - Referer is malformed.".into());
    };
    let (Some(ref_scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err("Referer checking failed - Referer is malformed.".into());
    };
    if ref_scheme != "https" {
        return Err("Referer checking failed - Referer is insecure while host is secure.".into());
    }
    let origin = format!("https://{}", authority.as_str());
    if authority.as_str() == host || trusted(&config.trusted, &origin) {
        return Ok(());
    }
    Err(format!("Referer checking failed - {referer} does not match any trusted origins.").into())
}

/// Whether `origin` (`scheme://host[:port]`) is one of `trusted`.
fn trusted(trusted: &[String], origin: &str) -> bool {
    trusted
        .iter()
        .any(|pattern| match pattern.split_once("://*.") {
            Some((scheme, domain)) => origin
                .strip_prefix(scheme)
                .and_then(|rest| rest.strip_prefix("://"))
                .is_some_and(|host| host == domain || host.ends_with(&format!(".{domain}"))),
            None => pattern == origin,
        })
}

fn header_token(req: &Request, config: &CsrfConfig) -> Option<String> {
    let value = req.headers().get(&config.header)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// How a body carries form fields.
#[derive(Clone, Copy)]
enum FormKind {
    UrlEncoded,
    Multipart,
}

/// The token from the body's form field: the body is spooled, scanned and
/// rewound (on a sync thread when it is in a temp file).
async fn form_token(req: &mut Request, config: &CsrfConfig) -> Result<Option<String>, Error> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let kind = match essence.as_str() {
        "application/x-www-form-urlencoded" => FormKind::UrlEncoded,
        "multipart/form-data" => FormKind::Multipart,
        _ => return Ok(None),
    };
    spool(req).await?;
    let mut body = match std::mem::replace(req.body_slot(), BodySlot::Taken) {
        BodySlot::Spooled(body) => body,
        other => {
            *req.body_slot() = other;
            return Ok(None);
        }
    };
    let fields = config.fields.clone();
    let (body, found) = if body.is_on_disk() {
        let scan = move |_: crate::exec::Blocking<'_>| {
            let found = scan(&mut body, kind, &content_type, &fields);
            (body, found)
        };
        SyncPool::current()
            .run(Job::Helper, scan)
            .await
            .map_err(|failure| failure.into_error("reading the CSRF form field"))?
    } else {
        let found = scan(&mut body, kind, &content_type, &fields);
        (body, found)
    };
    *req.body_slot() = BodySlot::Spooled(body);
    found
}

/// Finds the first of `fields` in a spooled form body, then rewinds it.
fn scan(
    body: &mut SpooledBody,
    kind: FormKind,
    content_type: &str,
    fields: &[String],
) -> Result<Option<String>, Error> {
    let found = match kind {
        FormKind::UrlEncoded => {
            let mut bytes = Vec::new();
            body.read_to_end(&mut bytes)?;
            form_urlencoded::parse(&bytes)
                .find(|(name, _)| fields.iter().any(|f| f == name))
                .map(|(_, value)| value.into_owned())
        }
        FormKind::Multipart => scan_multipart(body, content_type, fields),
    };
    body.rewind()?;
    Ok(found)
}

/// Without the `multipart` feature a multipart body is not read: its token
/// must come in the header.
#[cfg(not(feature = "multipart"))]
fn scan_multipart(
    _body: &mut SpooledBody,
    _content_type: &str,
    _fields: &[String],
) -> Option<String> {
    None
}

#[cfg(feature = "multipart")]
fn scan_multipart(body: &mut SpooledBody, content_type: &str, fields: &[String]) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let mut multipart = multer::Multipart::new(read_stream(body), boundary);
    let find = async {
        while let Some(field) = multipart.next_field().await.ok()? {
            let wanted = field.file_name().is_none()
                && field
                    .name()
                    .is_some_and(|name| fields.iter().any(|f| f == name));
            if wanted {
                return field.text().await.ok();
            }
        }
        None
    };
    // The stream reads a spooled body, so it is never pending.
    find.now_or_never().flatten()
}

fn check_format(token: &str) -> Result<(), &'static str> {
    if token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err("has invalid characters")
    }
}

fn index(c: u8) -> usize {
    CHARS.iter().position(|&x| x == c).unwrap_or(0)
}

/// A random token of [`SECRET_LEN`] characters of [`CHARS`].
fn random_token() -> String {
    let mut out = String::with_capacity(SECRET_LEN);
    while out.len() < SECRET_LEN {
        for byte in uuid::Uuid::new_v4().into_bytes() {
            // 248 = 4 × 62: no bias.
            if byte < 248 && out.len() < SECRET_LEN {
                out.push(CHARS[usize::from(byte) % CHARS.len()] as char);
            }
        }
    }
    out
}

/// Django's masking: a random mask, then each secret character shifted by
/// the mask's; the token is the mask followed by the shifted secret.
fn mask(secret: &str) -> String {
    let mask = random_token();
    let shifted: String = secret
        .bytes()
        .zip(mask.bytes())
        .map(|(s, m)| CHARS[(index(s) + index(m)) % CHARS.len()] as char)
        .collect();
    mask + &shifted
}

fn unmask(token: &str) -> String {
    let (mask, shifted) = token.split_at(SECRET_LEN);
    shifted
        .bytes()
        .zip(mask.bytes())
        .map(|(s, m)| CHARS[(index(s) + CHARS.len() - index(m)) % CHARS.len()] as char)
        .collect()
}

/// Compares in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_tokens_differ_and_unmask_to_the_secret() {
        let secret = random_token();
        assert_eq!(secret.len(), SECRET_LEN);
        let (a, b) = (mask(&secret), mask(&secret));
        assert_ne!(a, b);
        assert_eq!(unmask(&a), secret);
        assert_eq!(unmask(&b), secret);
    }

    #[test]
    fn trusted_origins_with_wildcards() {
        let list = vec![
            "https://*.example.com".to_owned(),
            "http://a.test".to_owned(),
        ];
        assert!(trusted(&list, "https://www.example.com"));
        assert!(trusted(&list, "https://example.com"));
        assert!(!trusted(&list, "https://evilexample.com"));
        assert!(!trusted(&list, "http://www.example.com"));
        assert!(trusted(&list, "http://a.test"));
    }
}
