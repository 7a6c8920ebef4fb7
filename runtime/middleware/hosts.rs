//! `allowed_hosts`: Django's `ALLOWED_HOSTS` check. A request whose host
//! ([`Request::host`]: the request target's authority — HTTP/2 `:authority`,
//! an absolute-form URI — else the `Host` header) is not in the configured
//! [`AllowedHosts`] gets 400, which stops Host-header attacks on links built
//! from the request's host. Requests with two `Host` headers, or a `Host`
//! that disagrees with the authority, never get here: the app answers them
//! 400 as they enter (`core/authority.rs`).

use http::StatusCode;

use crate::core::{IntoResponse, Request, Response, State};
use crate::handler::Next;

/// The host names a site answers to, as Django's `ALLOWED_HOSTS`: register it
/// with `App::state(AllowedHosts::new(["example.com", ".example.org"]))`.
///
/// - `"example.com"` matches exactly that host (any case, any port);
/// - `".example.org"` matches `example.org` and every subdomain of it;
/// - `"*"` matches every host.
///
/// The port is stripped and a trailing dot ignored before matching; a host
/// that is not a valid name or `[IPv6]` literal never matches. Without an
/// `AllowedHosts` registered, the default is Django's development one:
/// `.localhost`, `127.0.0.1` and `[::1]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The allowed host patterns (compared in lower case).
    pub fn new<S: Into<String>>(patterns: impl IntoIterator<Item = S>) -> Self {
        AllowedHosts(
            patterns
                .into_iter()
                .map(|pattern| pattern.into().to_ascii_lowercase())
                .collect(),
        )
    }

    /// Whether a `Host` header value (`name[:port]`) is allowed.
    pub fn allows(&self, host: &str) -> bool {
        let Some(domain) = domain_of(host) else {
            return false;
        };
        self.0
            .iter()
            .any(|pattern| pattern == "*" || is_same_domain(&domain, pattern))
    }
}

impl Default for AllowedHosts {
    fn default() -> Self {
        AllowedHosts::new([".localhost", "127.0.0.1", "[::1]"])
    }
}

/// Answers 400 Bad Request unless the request's host is allowed by the
/// registered [`AllowedHosts`].
#[crate::middleware]
pub async fn allowed_hosts(
    req: Request,
    hosts: Option<State<AllowedHosts>>,
    next: Next,
) -> Response {
    let host = req.host();
    let default;
    let hosts = match &hosts {
        Some(hosts) => &**hosts,
        None => {
            default = AllowedHosts::default();
            &default
        }
    };
    if host.is_some_and(|host| hosts.allows(host)) {
        return next.run(req).await;
    }
    let host = host.unwrap_or("");
    tracing::warn!(
        "invalid Host header {host:?}: add it to twain::middleware::AllowedHosts; answering 400"
    );
    let message = format!("Bad Request: invalid Host header {host:?}");
    (StatusCode::BAD_REQUEST, message).into_response()
}

/// The domain of a `Host` value, lower-cased, port and trailing dot removed,
/// or `None` when it is not `name[:port]` or `[ipv6][:port]` (Django's
/// `split_domain_port`).
fn domain_of(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let split = if host.starts_with('[') {
        host.find(']').map(|end| end + 1)
    } else {
        host.rfind(':')
    };
    let (domain, port) = host.split_at(split.unwrap_or(host.len()));
    if !port.is_empty() {
        let digits = port.strip_prefix(':')?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let valid = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(ipv6) => is_ipv6_literal(ipv6),
        None => {
            !domain.is_empty()
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        }
    };
    valid.then(|| domain.strip_suffix('.').unwrap_or(domain).to_owned())
}

/// Django's `[a-f0-9]*:[a-f0-9.:]+` between the brackets.
fn is_ipv6_literal(inner: &str) -> bool {
    let Some((head, tail)) = inner.split_once(':') else {
        return false;
    };
    head.bytes().all(|b| b.is_ascii_hexdigit())
        && !tail.is_empty()
        && tail
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
}

/// Django's `is_same_domain`: `.example.com` covers the domain and its
/// subdomains; anything else must be equal.
fn is_same_domain(domain: &str, pattern: &str) -> bool {
    match pattern.strip_prefix('.') {
        Some(bare) => domain == bare || domain.ends_with(pattern),
        None => domain == pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::{AllowedHosts, domain_of};

    #[test]
    fn strips_port_case_and_trailing_dot() {
        assert_eq!(
            domain_of("Example.COM:8000").as_deref(),
            Some("example.com")
        );
        assert_eq!(domain_of("example.com.").as_deref(), Some("example.com"));
        assert_eq!(domain_of("[::1]:8000").as_deref(), Some("[::1]"));
        assert_eq!(domain_of("[2001:db8::1]").as_deref(), Some("[2001:db8::1]"));
    }

    #[test]
    fn rejects_malformed_hosts() {
        for host in [
            "",
            ":80",
            "example.com:",
            "example.com:80x",
            "bad_host",
            "a b",
            "[::1",
            "[zz::1]",
            "a:b:80",
        ] {
            assert_eq!(domain_of(host), None, "{host:?}");
        }
    }

    #[test]
    fn matches_like_django() {
        let hosts = AllowedHosts::new(["example.com", ".Example.org"]);
        assert!(hosts.allows("example.com"));
        assert!(hosts.allows("EXAMPLE.com:443"));
        assert!(!hosts.allows("www.example.com"));
        assert!(hosts.allows("example.org"));
        assert!(hosts.allows("deep.www.example.org:8080"));
        assert!(!hosts.allows("notexample.org"));
        assert!(!hosts.allows("example.org.evil.com"));
        assert!(AllowedHosts::new(["*"]).allows("anything.test"));
        assert!(!AllowedHosts::new(["*"]).allows("bad host"));
        assert!(AllowedHosts::default().allows("localhost:8000"));
        assert!(AllowedHosts::default().allows("app.localhost"));
        assert!(AllowedHosts::default().allows("[::1]:8000"));
        assert!(!AllowedHosts::default().allows("example.com"));
    }
}
