use twain::db::rusqlite::Connection;
use twain::prelude::*;

#[view]
async fn count() -> Result<String, Error> {
    let conn = Connection::open("app.db").map_err(|e| Error::internal(e.to_string()))?;
    let rows = conn
        .execute("DELETE FROM sessions WHERE expired = 1", [])
        .map_err(|e| Error::internal(e.to_string()))?;
    Ok(rows.to_string())
}

fn main() {}
