//! The pages: the front page, an article with its comments, the form to
//! write and edit an article, and the comment form.

use serde::Deserialize;
use twain::Redirect;
use twain::channels::Channels;
use twain::db::{Conn, DbError};
use twain::prelude::*;
use twain::web::{CsrfToken, MultipartForm, Session, Template, context};

use crate::auth::{self, SignedIn};
use crate::feed;
use crate::models::{self, Article, Comment, Summary, display_time, now};
use crate::views::media::{self, MediaDir};

/// Sync: one query on the database, with the request's connection.
#[view]
pub fn index(conn: Conn, session: Session, _csrf: CsrfToken) -> Result<Template, DbError> {
    let articles: Vec<_> = conn
        .all::<Summary>(models::SUMMARIES, ())?
        .into_iter()
        .map(|a| {
            context! {
                id => a.id, title => a.title, author => a.author,
                comments => a.comments, date => display_time(a.created_at),
            }
        })
        .collect();
    Ok(Template::render(
        "home.html",
        context! { user => auth::signed_in(&session), articles },
    ))
}

/// Sync: three queries (the article, its author through the lazy
/// `ForeignKey`, the comments), all on this thread's connection.
#[view]
pub fn show(conn: Conn, session: Session, _csrf: CsrfToken, id: i64) -> Result<Template, DbError> {
    let article = models::article(&conn, id)?;
    let author = article.author_id.load(&conn)?;
    let comments: Vec<_> = models::comments(&conn, id)?
        .iter()
        .map(comment_context)
        .collect();
    let user = auth::signed_in(&session);
    let can_edit = user.as_ref().is_some_and(|u| u.id == author.id);
    Ok(Template::render(
        "article.html",
        context! {
            user, can_edit, comments,
            author => author.username.clone(),
            article => article_context(&article),
        },
    ))
}

fn article_context(article: &Article) -> impl serde::Serialize {
    context! {
        id => article.id,
        title => article.title.clone(),
        body => article.body.clone(),
        paragraphs => paragraphs(&article.body),
        image => article.image.as_ref().map(|name| format!("/media/{name}")),
        date => display_time(article.created_at),
        edited => (article.updated_at != article.created_at).then(|| display_time(article.updated_at)),
    }
}

/// The text's paragraphs: its non-empty lines.
fn paragraphs(body: &str) -> Vec<&str> {
    body.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
}

/// A comment as pages and the live feed show it.
#[derive(serde::Serialize)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub date: String,
}

pub fn comment_context(comment: &Comment) -> CommentView {
    CommentView {
        id: comment.id,
        author: comment.author.clone(),
        body: comment.body.clone(),
        date: display_time(comment.created_at),
    }
}

/// Async: no database work, only the session (loaded without blocking).
#[view]
pub async fn new_form(session: Session, _csrf: CsrfToken) -> Result<Template, Redirect> {
    let user = auth::require(&session, "/articles/new/")?;
    Ok(form_page(user, None, "", "", ""))
}

fn form_page(user: SignedIn, id: Option<i64>, title: &str, body: &str, error: &str) -> Template {
    Template::render(
        "article_form.html",
        context! { user, id, title, body, error },
    )
}

/// Sync, atomic: the article's insert, its image file and the image's row
/// update are kept together; a failure while saving (a 500) rolls back.
#[view]
pub fn create(
    conn: Conn,
    session: Session,
    _csrf: CsrfToken,
    media: State<MediaDir>,
    mut form: MultipartForm,
) -> Result<Response, Error> {
    let Some(user) = auth::signed_in(&session) else {
        return Err(Error::new(StatusCode::FORBIDDEN, "sign in to write"));
    };
    let (title, body) = fields(&form);
    if let Some(problem) = invalid(&title, &body) {
        let page = form_page(user, None, &title, &body, problem);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    // The image is checked before anything is written.
    let image = match media::chosen_image(&mut form) {
        Ok(image) => image,
        Err(problem) => {
            let page = form_page(user, None, &title, &body, problem);
            return Ok((StatusCode::UNSUPPORTED_MEDIA_TYPE, page).into_response());
        }
    };
    let id = models::insert_article(&conn, user.id, &title, &body)?;
    if let Some(image) = image {
        media::attach(&conn, &media, id, image)?;
    }
    Ok(Redirect::to(format!("/articles/{id}/")).into_response())
}

/// Sync: reads the article to check who may edit it.
#[view]
pub fn edit_form(
    conn: Conn,
    session: Session,
    _csrf: CsrfToken,
    id: i64,
) -> Result<Response, Error> {
    let user = match auth::require(&session, &format!("/articles/{id}/edit/")) {
        Ok(user) => user,
        Err(redirect) => return Ok(redirect.into_response()),
    };
    let article = editable(&conn, &user, id)?;
    Ok(form_page(user, Some(id), &article.title, &article.body, "").into_response())
}

/// Sync, atomic: the text and the image change together.
#[view]
pub fn update(
    conn: Conn,
    session: Session,
    _csrf: CsrfToken,
    media: State<MediaDir>,
    id: i64,
    mut form: MultipartForm,
) -> Result<Response, Error> {
    let Some(user) = auth::signed_in(&session) else {
        return Err(Error::new(StatusCode::FORBIDDEN, "sign in to edit"));
    };
    editable(&conn, &user, id)?;
    let (title, body) = fields(&form);
    if let Some(problem) = invalid(&title, &body) {
        let page = form_page(user, Some(id), &title, &body, problem);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let image = match media::chosen_image(&mut form) {
        Ok(image) => image,
        Err(problem) => {
            let page = form_page(user, Some(id), &title, &body, problem);
            return Ok((StatusCode::UNSUPPORTED_MEDIA_TYPE, page).into_response());
        }
    };
    conn.execute(
        "UPDATE articles SET title = ?1, body = ?2, updated_at = ?3 WHERE id = ?4",
        (&title, &body, now(), id),
    )?;
    if let Some(image) = image {
        media::attach(&conn, &media, id, image)?;
    }
    Ok(Redirect::to(format!("/articles/{id}/")).into_response())
}

/// The article `id`, if `user` wrote it; 404 or 403 otherwise.
fn editable(conn: &Conn, user: &SignedIn, id: i64) -> Result<Article, Error> {
    let article = models::article(conn, id)?;
    if article.author_id.id() != user.id {
        return Err(Error::new(
            StatusCode::FORBIDDEN,
            "only its author can edit this article",
        ));
    }
    Ok(article)
}

fn fields(form: &MultipartForm) -> (String, String) {
    let title = form.text("title").unwrap_or("").trim().to_owned();
    let body = form.text("body").unwrap_or("").trim().to_owned();
    (title, body)
}

fn invalid(title: &str, body: &str) -> Option<&'static str> {
    if title.is_empty() || body.is_empty() {
        Some("An article needs a title and a text.")
    } else if title.chars().count() > 200 {
        Some("Keep the title under 200 characters.")
    } else {
        None
    }
}

#[derive(Deserialize)]
pub struct NewComment {
    author: String,
    body: String,
}

/// Sync: an insert; then the new comment goes to the live feed.
#[view]
pub fn post_comment(
    conn: Conn,
    channels: Channels,
    id: i64,
    form: Form<NewComment>,
) -> Result<Redirect, Error> {
    let Form(new) = form;
    let (author, body) = (new.author.trim(), new.body.trim());
    if author.is_empty() || body.is_empty() {
        return Err(Error::bad_request("a comment needs a name and a text"));
    }
    models::article(&conn, id)?; // 404 for an article that does not exist
    let comment: Comment = conn.query_one(
        "INSERT INTO comments (article_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4) \
         RETURNING id, article_id, author, body, created_at",
        (id, author, body, now()),
    )?;
    let to = format!("/articles/{id}/#comment-{}", comment.id);
    feed::publish(&channels, &comment)?;
    Ok(Redirect::to(to))
}

/// Inline: it only fails, to show the 500 page.
#[view(inline)]
pub fn oops() -> Result<&'static str, Error> {
    Err(Error::internal(
        "this page fails on purpose, to show the 500 page",
    ))
}
