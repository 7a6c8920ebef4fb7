//! The peers of the `tfb` case, written the way TFB's axum and actix-web
//! entries are: statements prepared once per connection, a request's
//! queries issued at once (`join_all`, pipelined on its connection), the
//! updates in one batched `UPDATE … CASE`, the fortunes page written
//! directly with its escaping (what a compile-time template generates), and
//! the `Server` header from a layer. Each answers exactly what the twain
//! example answers.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use futures_util::future::try_join_all;
use http::header::{HeaderValue, SERVER};
use serde::Serialize;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Statement};

use super::app::{EXTRA_FORTUNE, Queries, World, random_id};

const WORLD: &str = "SELECT id, randomnumber FROM world WHERE id = $1";
const FORTUNES: &str = "SELECT id, message FROM fortune";
const HELLO: &str = "Hello, World!";

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

type Failed = Box<dyn std::error::Error + Send + Sync>;

/// A client and its statements, prepared when it connects.
pub struct PgConn {
    client: Client,
    world: Statement,
    fortunes: Statement,
    updates: Mutex<HashMap<usize, Statement>>,
}

impl PgConn {
    pub async fn connect(url: &str) -> Result<PgConn, Failed> {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let world = client.prepare(WORLD).await?;
        let fortunes = client.prepare(FORTUNES).await?;
        Ok(PgConn {
            client,
            world,
            fortunes,
            updates: Mutex::new(HashMap::new()),
        })
    }

    async fn update_statement(&self, n: usize) -> Result<Statement, Failed> {
        if let Some(stmt) = self.updates.lock().unwrap().get(&n) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(&update_sql(n)).await?;
        self.updates.lock().unwrap().insert(n, stmt.clone());
        Ok(stmt)
    }
}

async fn one_world(client: &Client, stmt: &Statement) -> Result<World, Failed> {
    let row = client.query_one(stmt, &[&random_id()]).await?;
    Ok(World {
        id: row.get(0),
        random_number: row.get(1),
    })
}

async fn worlds(client: &Client, stmt: &Statement, n: usize) -> Result<Vec<World>, Failed> {
    try_join_all((0..n).map(|_| one_world(client, stmt))).await
}

async fn fortunes_page(client: &Client, stmt: &Statement) -> Result<String, Failed> {
    let rows = client.query(stmt, &[]).await?;
    let mut fortunes: Vec<(i32, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    fortunes.push((0, EXTRA_FORTUNE.to_owned()));
    fortunes.sort_unstable_by(|a, b| a.1.cmp(&b.1));
    Ok(render_fortunes(&fortunes))
}

/// The page the example's template renders, written out.
fn render_fortunes(fortunes: &[(i32, String)]) -> String {
    let mut out = String::with_capacity(1600);
    out.push_str(
        "<!DOCTYPE html>\n<html>\n<head><title>Fortunes</title></head>\n<body>\n<table>\n\
         <tr><th>id</th><th>message</th></tr>\n",
    );
    for (id, message) in fortunes {
        out.push_str("<tr><td>");
        out.push_str(&id.to_string());
        out.push_str("</td><td>");
        escape(&mut out, message);
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n</body>\n</html>");
    out
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2f;"),
            c => out.push(c),
        }
    }
}

/// New numbers for `worlds`, and the batched update's parameters (each
/// distinct id once, in order, with its number).
fn new_numbers(worlds: &mut [World]) -> Vec<i32> {
    for w in worlds.iter_mut() {
        w.random_number = random_id();
    }
    let mut pairs: Vec<(i32, i32)> = worlds.iter().map(|w| (w.id, w.random_number)).collect();
    pairs.sort_by_key(|&(id, _)| id);
    pairs.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 = later.1;
        }
        same
    });
    for w in worlds.iter_mut() {
        if let Ok(at) = pairs.binary_search_by_key(&w.id, |&(id, _)| id) {
            w.random_number = pairs[at].1;
        }
    }
    pairs.iter().flat_map(|&(id, n)| [id, n]).collect()
}

fn update_sql(n: usize) -> String {
    let mut sql = String::from("UPDATE world SET randomnumber = CASE id");
    for i in 0..n {
        sql += &format!(" WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2);
    }
    sql += " ELSE randomnumber END WHERE id IN (";
    let ids: Vec<String> = (0..n).map(|i| format!("${}", 2 * i + 1)).collect();
    sql += &ids.join(", ");
    sql + ")"
}

fn params(flat: &[i32]) -> Vec<&(dyn ToSql + Sync)> {
    flat.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

/// axum: the six routes over `S`, the way to a client.
pub mod axum_tfb {
    use super::*;
    use axum::Json;
    use axum::extract::{Query, State};
    use axum::http::StatusCode;
    use axum::response::{Html, IntoResponse, Response};
    use axum::routing::get;

    fn fail(err: Failed) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response()
    }

    async fn server_header(mut response: Response) -> Response {
        response
            .headers_mut()
            .insert(SERVER, HeaderValue::from_static("axum"));
        response
    }

    async fn json() -> Json<Message> {
        Json(Message { message: HELLO })
    }

    async fn plaintext() -> &'static str {
        HELLO
    }

    fn routes(router: axum::Router<()>) -> axum::Router<()> {
        router
            .route("/json", get(json))
            .route("/plaintext", get(plaintext))
            .layer(axum::middleware::map_response(server_header))
    }

    // One shared, pipelined client per worker thread.

    async fn db_shared(State(conn): State<Arc<PgConn>>) -> Response {
        match one_world(&conn.client, &conn.world).await {
            Ok(world) => Json(world).into_response(),
            Err(err) => fail(err),
        }
    }

    async fn queries_shared(State(conn): State<Arc<PgConn>>, Query(q): Query<Queries>) -> Response {
        match worlds(&conn.client, &conn.world, q.count()).await {
            Ok(worlds) => Json(worlds).into_response(),
            Err(err) => fail(err),
        }
    }

    async fn fortunes_shared(State(conn): State<Arc<PgConn>>) -> Response {
        match fortunes_page(&conn.client, &conn.fortunes).await {
            Ok(page) => Html(page).into_response(),
            Err(err) => fail(err),
        }
    }

    async fn updates_shared(State(conn): State<Arc<PgConn>>, Query(q): Query<Queries>) -> Response {
        let done = async {
            let mut worlds = worlds(&conn.client, &conn.world, q.count()).await?;
            let flat = new_numbers(&mut worlds);
            let stmt = conn.update_statement(flat.len() / 2).await?;
            conn.client.execute(&stmt, &params(&flat)).await?;
            Ok::<_, Failed>(worlds)
        };
        match done.await {
            Ok(worlds) => Json(worlds).into_response(),
            Err(err) => fail(err),
        }
    }

    /// axum-pg: the router of one worker thread, over its own client.
    pub fn shared(conn: Arc<PgConn>) -> axum::Router<()> {
        routes(
            axum::Router::new()
                .route("/db", get(db_shared))
                .route("/queries", get(queries_shared))
                .route("/fortunes", get(fortunes_shared))
                .route("/updates", get(updates_shared))
                .with_state(conn),
        )
    }

    // A deadpool pool, one checkout per request.

    type Pool = deadpool_postgres::Pool;

    async fn checkout(pool: &Pool) -> Result<deadpool_postgres::Object, Failed> {
        Ok(pool.get().await?)
    }

    async fn db_pool(State(pool): State<Pool>) -> Response {
        let done = async {
            let client = checkout(&pool).await?;
            let stmt = client.prepare_cached(WORLD).await?;
            one_world(&client, &stmt).await
        };
        match done.await {
            Ok(world) => Json(world).into_response(),
            Err(err) => fail(err),
        }
    }

    async fn queries_pool(State(pool): State<Pool>, Query(q): Query<Queries>) -> Response {
        let done = async {
            let client = checkout(&pool).await?;
            let stmt = client.prepare_cached(WORLD).await?;
            worlds(&client, &stmt, q.count()).await
        };
        match done.await {
            Ok(worlds) => Json(worlds).into_response(),
            Err(err) => fail(err),
        }
    }

    async fn fortunes_pool(State(pool): State<Pool>) -> Response {
        let done = async {
            let client = checkout(&pool).await?;
            let stmt = client.prepare_cached(FORTUNES).await?;
            fortunes_page(&client, &stmt).await
        };
        match done.await {
            Ok(page) => Html(page).into_response(),
            Err(err) => fail(err),
        }
    }

    async fn updates_pool(State(pool): State<Pool>, Query(q): Query<Queries>) -> Response {
        let done = async {
            let client = checkout(&pool).await?;
            let stmt = client.prepare_cached(WORLD).await?;
            let mut worlds = worlds(&client, &stmt, q.count()).await?;
            let flat = new_numbers(&mut worlds);
            let update = client.prepare_cached(&update_sql(flat.len() / 2)).await?;
            client.execute(&update, &params(&flat)).await?;
            Ok::<_, Failed>(worlds)
        };
        match done.await {
            Ok(worlds) => Json(worlds).into_response(),
            Err(err) => fail(err),
        }
    }

    /// axum-pg-pool: the router over a deadpool pool of `size` connections.
    pub fn pooled(url: &str, size: usize) -> Result<axum::Router<()>, Failed> {
        let config: tokio_postgres::Config = url.parse()?;
        let manager = deadpool_postgres::Manager::from_config(
            config,
            NoTls,
            deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Fast,
            },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(size)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()?;
        Ok(routes(
            axum::Router::new()
                .route("/db", get(db_pool))
                .route("/queries", get(queries_pool))
                .route("/fortunes", get(fortunes_pool))
                .route("/updates", get(updates_pool))
                .with_state(pool),
        ))
    }
}

/// actix-web: one client per worker (actix's workers are single-threaded).
pub mod actix_tfb {
    use super::*;
    use actix_web::http::header::ContentType;
    use actix_web::middleware::DefaultHeaders;
    use actix_web::{App, HttpResponse, HttpServer, web};

    fn fail(err: Failed) -> HttpResponse {
        HttpResponse::InternalServerError().body(err.to_string())
    }

    async fn json() -> HttpResponse {
        HttpResponse::Ok().json(Message { message: HELLO })
    }

    async fn plaintext() -> HttpResponse {
        HttpResponse::Ok()
            .content_type(ContentType::plaintext())
            .body(HELLO)
    }

    async fn db(conn: web::Data<Rc<PgConn>>) -> HttpResponse {
        match one_world(&conn.client, &conn.world).await {
            Ok(world) => HttpResponse::Ok().json(world),
            Err(err) => fail(err),
        }
    }

    async fn queries(conn: web::Data<Rc<PgConn>>, q: web::Query<Queries>) -> HttpResponse {
        match worlds(&conn.client, &conn.world, q.count()).await {
            Ok(worlds) => HttpResponse::Ok().json(worlds),
            Err(err) => fail(err),
        }
    }

    async fn fortunes(conn: web::Data<Rc<PgConn>>) -> HttpResponse {
        match fortunes_page(&conn.client, &conn.fortunes).await {
            Ok(page) => HttpResponse::Ok()
                .content_type(ContentType::html())
                .body(page),
            Err(err) => fail(err),
        }
    }

    async fn updates(conn: web::Data<Rc<PgConn>>, q: web::Query<Queries>) -> HttpResponse {
        let done = async {
            let mut worlds = worlds(&conn.client, &conn.world, q.count()).await?;
            let flat = new_numbers(&mut worlds);
            let stmt = conn.update_statement(flat.len() / 2).await?;
            conn.client.execute(&stmt, &params(&flat)).await?;
            Ok::<_, Failed>(worlds)
        };
        match done.await {
            Ok(worlds) => HttpResponse::Ok().json(worlds),
            Err(err) => fail(err),
        }
    }

    /// Serves on `listener` until the process exits.
    pub fn serve(listener: std::net::TcpListener, url: String) -> std::io::Result<()> {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                let url = url.clone();
                App::new()
                    .wrap(DefaultHeaders::new().add(("Server", "actix")))
                    .data_factory(move || {
                        let url = url.clone();
                        async move {
                            PgConn::connect(&url)
                                .await
                                .map(Rc::new)
                                .map_err(|err| std::io::Error::other(err.to_string()))
                        }
                    })
                    .route("/json", web::get().to(json))
                    .route("/plaintext", web::get().to(plaintext))
                    .route("/db", web::get().to(db))
                    .route("/queries", web::get().to(queries))
                    .route("/fortunes", web::get().to(fortunes))
                    .route("/updates", web::get().to(updates))
            })
            .disable_signals()
            .listen(listener)?
            .run()
            .await
        })
    }
}
