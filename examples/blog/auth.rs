//! Who is signed in: the session keeps the user's id and name; the API
//! takes a token instead (`Authorization: Bearer <token>`). Passwords are
//! stored as salted PBKDF2 hashes (`twain::web::password`, Django's default).

use serde::{Deserialize, Serialize};
use twain::HeaderMap;
use twain::Redirect;
use twain::db::{Conn, DbError};
use twain::prelude::*;
use twain::web::{Session, password};

use crate::models::User;

/// The signed-in user, as the session keeps it.
#[derive(Serialize, Deserialize, Clone)]
pub struct SignedIn {
    pub id: i64,
    pub username: String,
}

const SESSION_KEY: &str = "user";

pub fn signed_in(session: &Session) -> Option<SignedIn> {
    session.get::<SignedIn>(SESSION_KEY)
}

/// The signed-in user, or a redirect to the sign-in page that comes back to
/// `next` afterwards.
pub fn require(session: &Session, next: &str) -> Result<SignedIn, Redirect> {
    signed_in(session).ok_or_else(|| Redirect::to(format!("/login/?next={next}")))
}

/// Checks a name and password against the users table (slow on purpose:
/// call it from sync code).
pub fn check_password(conn: &Conn, username: &str, given: &str) -> Result<Option<User>, DbError> {
    let user: Option<User> = conn.get(
        "SELECT id, username, password_hash, api_token FROM users WHERE username = ?1",
        (username,),
    )?;
    Ok(user.filter(|user| password::verify(given, &user.password_hash)))
}

pub fn sign_in(session: &Session, user: &User) -> Result<(), Error> {
    session.cycle_id(); // a new session id at sign-in, against session fixation
    session.insert(
        SESSION_KEY,
        SignedIn {
            id: user.id,
            username: user.username.clone(),
        },
    )?;
    Ok(())
}

/// The user whose API token the request carries.
pub fn from_token(conn: &Conn, headers: &HeaderMap) -> Result<Option<User>, DbError> {
    let token = headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let Some(token) = token else {
        return Ok(None);
    };
    conn.get(
        "SELECT id, username, password_hash, api_token FROM users WHERE api_token = ?1",
        (token.trim(),),
    )
}
