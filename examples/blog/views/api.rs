//! The JSON API: list and read articles; create one with a token
//! (`Authorization: Bearer <token>`, shown on `/account/`). Every answer,
//! errors included, is JSON.
//!
//! ```text
//! curl localhost:8000/api/articles/
//! curl -H "Authorization: Bearer $TOKEN" -d '{"title":"Hi","body":"From curl"}' localhost:8000/api/articles/
//! ```

use serde::{Deserialize, Serialize};
use twain::HeaderMap;
use twain::db::{Conn, DbError};
use twain::prelude::*;
use twain::{Bytes, json};

use crate::auth;
use crate::models::{self, Summary};

/// An error the API answers as `{"error": "..."}`.
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        if err.is_no_row() {
            return ApiError(StatusCode::NOT_FOUND, "no such article".into());
        }
        twain::tracing::error!(error = %err, "api: database error");
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, "server error".into())
    }
}

#[derive(Serialize)]
pub struct ArticleJson {
    id: i64,
    title: String,
    body: String,
    author: String,
    image: Option<String>,
    /// RFC 3339, UTC.
    created_at: String,
    updated_at: String,
}

/// Sync: one query.
#[view]
pub fn list(conn: Conn) -> Result<Json<Vec<Summary>>, ApiError> {
    Ok(Json(conn.all::<Summary>(models::SUMMARIES, ())?))
}

/// Sync: two queries, the article and its author (the lazy relation).
#[view]
pub fn show(conn: Conn, id: i64) -> Result<Json<ArticleJson>, ApiError> {
    Ok(Json(article_json(&conn, id)?))
}

fn article_json(conn: &Conn, id: i64) -> Result<ArticleJson, DbError> {
    let article = models::article(conn, id)?;
    let author = article.author_id.load(conn)?.username.clone();
    Ok(ArticleJson {
        id: article.id,
        title: article.title,
        body: article.body,
        author,
        image: article.image.map(|name| format!("/media/{name}")),
        created_at: models::rfc3339(article.created_at),
        updated_at: models::rfc3339(article.updated_at),
    })
}

#[derive(Deserialize)]
pub struct NewArticle {
    title: String,
    body: String,
}

/// Sync: checks the token and inserts, on this thread's connection. The body
/// is parsed here so that a bad one gets a JSON error too.
#[view]
pub fn create(
    conn: Conn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<ArticleJson>), ApiError> {
    let Some(user) = auth::from_token(&conn, &headers)? else {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "send your token as `Authorization: Bearer <token>` (see /account/)".into(),
        ));
    };
    let new: NewArticle = twain::serde_json::from_slice(&body).map_err(|err| {
        ApiError(
            StatusCode::BAD_REQUEST,
            format!("the body is not an article: {err}"),
        )
    })?;
    if new.title.trim().is_empty() || new.body.trim().is_empty() {
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "`title` and `body` must not be empty".into(),
        ));
    }
    let id = models::insert_article(&conn, user.id, new.title.trim(), new.body.trim())?;
    Ok((StatusCode::CREATED, Json(article_json(&conn, id)?)))
}
