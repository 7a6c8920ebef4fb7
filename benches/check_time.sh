#!/usr/bin/env bash
# `cargo check` time of one app with 100 views, in twain and in axum.
#
# Half the views are sync with a route parameter and a `Query`, half async
# with a `Json` body: the app of BENCHMARKS.md's `cargo check` figure. Both
# apps are generated into target/check-time/ (a workspace of their own, with
# this repo's Cargo.lock so the same dependency versions are used), their
# dependencies are checked once (warm), then each app's source is touched
# and checked RUNS times; the median CPU time (user + system of cargo and
# rustc: far steadier than wall time on a busy machine) of each is printed,
# with the ratio. Both checks are timed: non-incremental (`CARGO_INCREMENTAL=0`)
# and incremental, cargo's default for `dev` and so what a user gets on
# every save (`MODES=1` or `MODES=0` for one of them).
#
#   benches/check_time.sh            # 5 runs each
#   RUNS=3 benches/check_time.sh
#   VARIANT=no-views benches/check_time.sh   # the same apps without views (the floor)
#   FEATURES=default benches/check_time.sh   # twain with its default features
#
# twain is depended on as README's "Depending on twain" tells an API-only app
# to: `default-features = false` (FEATURES lists features to add back).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-5}
views=${VIEWS:-100}
variant=${VARIANT:-views}
modes=${MODES:-0 1}
features=${FEATURES:-}
if [ "$features" = default ]; then
  twain_dep="{ path = \"$repo\" }"
else
  twain_dep="{ path = \"$repo\", default-features = false, features = [$(echo "$features" | sed 's/[^ ][^ ]*/"&"/g; s/ /, /g')] }"
fi
out=target/check-time
mkdir -p "$out/twain_app/src" "$out/axum_app/src"

cat > "$out/Cargo.toml" <<TOML
[workspace]
members = ["twain_app", "axum_app"]
resolver = "3"
TOML
cp Cargo.lock "$out/Cargo.lock"

cat > "$out/twain_app/Cargo.toml" <<TOML
[package]
name = "twain_app"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
twain = $twain_dep
serde = { version = "1", features = ["derive"] }
TOML

cat > "$out/axum_app/Cargo.toml" <<TOML
[package]
name = "axum_app"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
axum = { version = "0.8", default-features = false, features = ["tokio", "http1", "json", "query"] }
serde = { version = "1", features = ["derive"] }
tokio = { version = "1", features = ["rt-multi-thread", "net", "macros"] }
TOML

gen_twain() {
  echo "use serde::Deserialize;"
  echo "use twain::prelude::*;"
  echo
  echo "#[derive(Deserialize)]"
  echo "pub struct Page { pub page: Option<u32>, pub q: Option<String> }"
  echo "#[derive(Deserialize, serde::Serialize)]"
  echo "pub struct Note { pub title: String, pub body: String }"
  echo
  local half=$((views / 2))
  if [ "$variant" = views ]; then
    for i in $(seq 1 "$half"); do
      cat <<RS
#[view]
fn list_$i(id: u32, page: Query<Page>) -> String {
    format!("{} {} {:?}", id, page.0.page.unwrap_or(1), page.0.q)
}

#[view]
async fn create_$i(note: Json<Note>) -> Json<Note> {
    note
}

RS
    done
  fi
  echo "pub fn app() -> App {"
  echo "    App::new()"
  if [ "$variant" = views ]; then
    for i in $(seq 1 "$half"); do
      echo "        .route(\"list$i/<int:id>/\", list_$i)"
      echo "        .route(\"create$i/\", create_$i)"
    done
  fi
  echo "}"
  echo
  echo "fn main() {"
  echo "    let _ = app().run(\"127.0.0.1:8000\");"
  echo "}"
}

gen_axum() {
  echo "use axum::extract::{Json, Path, Query};"
  echo "use axum::routing::{get, post};"
  echo "use serde::Deserialize;"
  echo
  echo "#[derive(Deserialize)]"
  echo "pub struct Page { pub page: Option<u32>, pub q: Option<String> }"
  echo "#[derive(Deserialize, serde::Serialize)]"
  echo "pub struct Note { pub title: String, pub body: String }"
  echo
  local half=$((views / 2))
  if [ "$variant" = views ]; then
    for i in $(seq 1 "$half"); do
      cat <<RS
async fn list_$i(Path(id): Path<u32>, Query(page): Query<Page>) -> String {
    tokio::task::spawn_blocking(move || format!("{} {} {:?}", id, page.page.unwrap_or(1), page.q))
        .await
        .unwrap_or_default()
}

async fn create_$i(Json(note): Json<Note>) -> Json<Note> {
    Json(note)
}

RS
    done
  fi
  echo "pub fn app() -> axum::Router {"
  echo "    axum::Router::new()"
  if [ "$variant" = views ]; then
    for i in $(seq 1 "$half"); do
      echo "        .route(\"/list$i/{id}/\", get(list_$i))"
      echo "        .route(\"/create$i/\", post(create_$i))"
    done
  fi
  echo "}"
  echo
  echo "#[tokio::main]"
  echo "async fn main() {"
  echo "    let listener = tokio::net::TcpListener::bind(\"127.0.0.1:8000\").await.unwrap();"
  echo "    axum::serve(listener, app()).await.unwrap();"
  echo "}"
}

gen_twain > "$out/twain_app/src/main.rs"
gen_axum > "$out/axum_app/src/main.rs"

cd "$out"
echo "== warming dependencies (cargo check of both apps)" >&2
cargo check -q --workspace >&2

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Prints "cpu wall" medians (seconds) of RUNS checks of app $1, with
# CARGO_INCREMENTAL=$2. The first check after a change of mode is not timed
# (it rebuilds the incremental state, or drops it).
time_app() {
  local app=$1 inc=$2 samples
  touch "$app/src/main.rs"
  CARGO_INCREMENTAL=$inc cargo check -q -p "$app" 2> /dev/null
  samples=$(for _ in $(seq 1 "$runs"); do
    touch "$app/src/main.rs"
    local TIMEFORMAT='%U %S %R'
    { time CARGO_INCREMENTAL=$inc cargo check -q -p "$app" 2> /dev/null; } 2>&1 | awk '{print $1 + $2, $3}'
  done)
  echo "$(echo "$samples" | awk '{print $1}' | median) $(echo "$samples" | awk '{print $2}' | median)"
}

for inc in $modes; do
  mode=$([ "$inc" = 1 ] && echo "incremental, cargo's default" || echo "CARGO_INCREMENTAL=0")
  read -r c_twain w_twain <<< "$(time_app twain_app "$inc")"
  read -r c_axum w_axum <<< "$(time_app axum_app "$inc")"
  printf '\n| app (%s, %s views; %s) | cargo check CPU s (user + sys), median of %s | wall s, median |\n|---|---|---|\n' "$variant" "$views" "$mode" "$runs"
  printf '| twain | %.2f | %.2f |\n| axum | %.2f | %.2f |\n' "$c_twain" "$w_twain" "$c_axum" "$w_axum"
  printf '\nratio twain / axum (%s): CPU %.2f, wall %.2f\n' "$mode" "$(echo "$c_twain / $c_axum" | bc -l)" "$(echo "$w_twain / $w_axum" | bc -l)"
done
