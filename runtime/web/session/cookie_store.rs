//! [`CookieStore`]: the default session store — the session data itself, as
//! JSON with its expiry, in the session cookie (which is signed, so the
//! client can read it but not change it). Nothing is kept on the server.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::store::{SessionRecord, SessionStore, StoreFuture};

/// Sessions kept in the signed session cookie (Django's `signed_cookies`
/// backend): no server state, but the client can read the data, so keep no
/// secrets in it, and browsers cap a cookie at about 4 KB (a larger session
/// is logged as an error). Logging out cannot revoke a copy of the cookie
/// taken before; use a server-side store such as
/// [`MemoryStore`](crate::web::MemoryStore) when that matters.
#[derive(Debug, Clone, Copy, Default)]
pub struct CookieStore;

/// Above this many bytes browsers drop a cookie.
const COOKIE_LIMIT: usize = 4093;

impl SessionStore for CookieStore {
    fn load<'a>(&'a self, cookie: &'a str) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(async move { Ok(decode(cookie)) })
    }

    fn save<'a>(&'a self, _: Option<&'a str>, record: SessionRecord) -> StoreFuture<'a, String> {
        Box::pin(async move {
            let value = encode(&record);
            if value.len() > COOKIE_LIMIT {
                tracing::error!(
                    bytes = value.len(),
                    "the session is too large for its cookie (browsers keep about 4 KB): store less, or use a server-side SessionStore"
                );
            }
            Ok(value)
        })
    }

    fn delete<'a>(&'a self, _: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }
}

fn encode(record: &SessionRecord) -> String {
    let expires = record
        .expires_at
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let mut object = Map::new();
    object.insert("e".into(), Value::from(expires));
    object.insert("d".into(), Value::Object(record.data.clone()));
    Value::Object(object).to_string()
}

fn decode(cookie: &str) -> Option<SessionRecord> {
    let Value::Object(mut object) = serde_json::from_str(cookie).ok()? else {
        return None;
    };
    let expires_at = UNIX_EPOCH + Duration::from_secs(object.get("e")?.as_u64()?);
    if expires_at <= SystemTime::now() {
        return None;
    }
    let Value::Object(data) = object.remove("d")? else {
        return None;
    };
    Some(SessionRecord { data, expires_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_expires() {
        let mut data = Map::new();
        data.insert("user".into(), Value::from("ada"));
        let live = SessionRecord {
            data,
            expires_at: SystemTime::now() + Duration::from_secs(60),
        };
        let back = decode(&encode(&live)).unwrap();
        assert_eq!(back.data, live.data);
        let dead = SessionRecord {
            expires_at: SystemTime::now() - Duration::from_secs(60),
            ..live
        };
        assert!(decode(&encode(&dead)).is_none());
        assert!(decode("not json").is_none());
    }
}
