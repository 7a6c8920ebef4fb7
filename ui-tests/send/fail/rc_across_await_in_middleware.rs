use std::rc::Rc;

use twain::prelude::*;

#[middleware]
async fn counted(req: Request, next: Next) -> Response {
    let hits = Rc::new(1);
    let response = next.run(req).await;
    println!("{hits}");
    response
}

fn main() {}
