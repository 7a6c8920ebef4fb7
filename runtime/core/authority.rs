//! Which host a request is for, decided once as it enters the app
//! ([`check_authority`], called by `app/service.rs`) so that every check of it
//! (`allowed_hosts`) and every use (`Request::host`) sees the same one: the
//! request-target's authority (HTTP/1.1 absolute form, HTTP/2 `:authority`)
//! when there is one, else the `Host` header. A request with two `Host`
//! headers (RFC 9112 §3.2), an unreadable one, or a `Host` that names another
//! host than the authority (RFC 9113 §8.3.1) is a 400: no client can pass a
//! Host check by giving one value to the check and another to the app.

use http::header::HOST;
use http::uri::{Authority, Scheme};
use http::{HeaderMap, Uri};

use super::error::Error;

/// The host a request is for: the URI's authority, else its `Host` header.
pub(crate) fn authority<'a>(uri: &'a Uri, headers: &'a HeaderMap) -> Option<&'a str> {
    match uri.authority() {
        Some(authority) => Some(authority.as_str()),
        None => headers.get(HOST).and_then(|value| value.to_str().ok()),
    }
}

/// `Err(400)` unless the request names at most one host (see the module docs).
pub(crate) fn check_authority(uri: &Uri, headers: &HeaderMap) -> Result<(), Error> {
    let mut hosts = headers.get_all(HOST).iter();
    let host = hosts.next();
    if hosts.next().is_some() {
        return Err(rejected("more than one Host header"));
    }
    let host = match host {
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| rejected("the Host header is not visible ASCII"))?,
        ),
        None => None,
    };
    let Some(target) = uri.authority() else {
        return Ok(());
    };
    if target.as_str().contains('@') {
        return Err(rejected("the request target carries user information"));
    }
    if let Some(host) = host {
        let default_port = if uri.scheme() == Some(&Scheme::HTTPS) {
            443
        } else {
            80
        };
        let same = host.parse::<Authority>().is_ok_and(|host| {
            host.host().eq_ignore_ascii_case(target.host())
                && host.port_u16().unwrap_or(default_port)
                    == target.port_u16().unwrap_or(default_port)
        });
        if !same {
            return Err(rejected(
                "the Host header and the request target name different hosts",
            ));
        }
    }
    Ok(())
}

fn rejected(why: &'static str) -> Error {
    tracing::debug!("{why}; answering 400");
    Error::bad_request(format!("Bad Request: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn check(uri: &str, hosts: &[&str]) -> Result<(), u16> {
        let mut headers = HeaderMap::new();
        for host in hosts {
            headers.append(HOST, HeaderValue::from_str(host).unwrap());
        }
        check_authority(&uri.parse().unwrap(), &headers).map_err(|err| err.status().as_u16())
    }

    #[test]
    fn one_host_passes() {
        assert_eq!(check("/", &["example.com"]), Ok(()));
        assert_eq!(check("/", &[]), Ok(()));
        assert_eq!(check("http://example.com/", &[]), Ok(()));
        assert_eq!(check("http://Example.com/", &["example.COM:80"]), Ok(()));
        assert_eq!(check("https://example.com:443/", &["example.com"]), Ok(()));
    }

    #[test]
    fn two_hosts_are_400() {
        assert_eq!(check("/", &["127.0.0.1", "evil.example"]), Err(400));
        assert_eq!(check("/", &["127.0.0.1", "127.0.0.1"]), Err(400));
        assert_eq!(check("http://evil.example/", &["127.0.0.1"]), Err(400));
        assert_eq!(check("http://example.com:81/", &["example.com"]), Err(400));
        assert_eq!(check("http://u@example.com/", &[]), Err(400));
    }

    #[test]
    fn the_target_wins_over_the_header() {
        let uri: Uri = "http://example.com/x".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_static("example.com"));
        assert_eq!(authority(&uri, &headers), Some("example.com"));
        let uri: Uri = "/x".parse().unwrap();
        assert_eq!(authority(&uri, &headers), Some("example.com"));
    }
}
