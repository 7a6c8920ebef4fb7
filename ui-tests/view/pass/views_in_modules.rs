//! Views and middleware declared in modules and used by path, written with the
//! full attribute path, with private helper types, and with a `#[sync_only]`
//! helper taking the capability a sync view received.
mod blog {
    use twain::{Blocking, Json, Request};

    #[derive(serde::Serialize)]
    struct Post {
        id: u32,
    }

    #[twain::sync_only]
    fn load(cx: twain::Blocking, id: u32) -> u32 {
        let _ = cx;
        id
    }

    #[twain::view]
    pub fn show(cx: Blocking, id: u32) -> Json<serde_json::Value> {
        serde_json::json!({ "id": load(cx, id) }).into()
    }

    #[twain::view]
    pub(crate) async fn list(_req: &Request) -> String {
        serde_json::to_string(&vec![Post { id: 1 }.id]).unwrap()
    }

    pub mod admin {
        #[twain::middleware]
        pub async fn staff_only(req: twain::Request, next: twain::Next) -> twain::Response {
            next.run(req).await
        }
    }
}

fn main() {
    let _ = twain::App::new()
        .middleware(blog::admin::staff_only)
        .route("posts/", blog::list)
        .route("posts/<int:id>/", twain::get(blog::show));
}
