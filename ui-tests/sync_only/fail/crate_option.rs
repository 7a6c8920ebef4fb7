// `crate` on #[sync_only]: a string holding a path, given once.
extern crate twain as tw;

use tw::Blocking;

#[tw::sync_only(crate = tw)]
fn not_a_string(_cx: Blocking) {}

#[tw::sync_only(crate = "tw::")]
fn not_a_path(_cx: Blocking) {}

#[tw::sync_only(crate = "tw", crate = "tw")]
fn twice(_cx: Blocking) {}

fn main() {}
