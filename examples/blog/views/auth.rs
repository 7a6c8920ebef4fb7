//! Sign in, sign out, and the account page with the API token.

use serde::Deserialize;
use twain::Redirect;
use twain::db::{Conn, DbError};
use twain::prelude::*;
use twain::web::{CsrfToken, Session, Template, context};

use crate::auth;
use crate::models::User;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Where to go after signing in: a path on this site, never another host.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") => path.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Async: it only renders the form.
#[view]
pub async fn login_form(_csrf: CsrfToken, query: Query<Next>) -> Template {
    let next = safe_next(query.0.next.as_deref());
    Template::render("login.html", context! { next, error => "" })
}

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
    next: Option<String>,
}

/// Sync: a database query, and the password hash is slow on purpose.
#[view]
pub fn login(
    conn: Conn,
    session: Session,
    _csrf: CsrfToken,
    form: Form<Login>,
) -> Result<Response, Error> {
    let Form(login) = form;
    let next = safe_next(login.next.as_deref());
    match auth::check_password(&conn, login.username.trim(), &login.password)? {
        Some(user) => {
            auth::sign_in(&session, &user)?;
            Ok(Redirect::to(next).into_response())
        }
        None => {
            let error = "Wrong name or password.";
            let page = Template::render("login.html", context! { next, error });
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
    }
}

/// Async: it only clears the session.
#[view]
pub async fn logout(session: Session) -> Redirect {
    session.flush();
    Redirect::to("/")
}

/// Sync: reads the user's API token from the database.
#[view]
pub fn account(conn: Conn, session: Session, _csrf: CsrfToken) -> Result<Response, DbError> {
    let Ok(user) = auth::require(&session, "/account/") else {
        return Ok(Redirect::to("/login/?next=/account/").into_response());
    };
    let row: User = conn.query_one(
        "SELECT id, username, password_hash, api_token FROM users WHERE id = ?1",
        (user.id,),
    )?;
    let page = Template::render("account.html", context! { user, token => row.api_token });
    Ok(page.into_response())
}
