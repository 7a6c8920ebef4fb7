#!/usr/bin/env bash
# Instructions of the app crate's `rustc` in `cargo check` of the 100-view
# app, twain and axum, counted with callgrind: load does not move the count,
# so it is the figure to compare changes by on a busy machine.
#
# Run benches/check_time.sh first (it generates the apps into
# target/check-time/ and checks their dependencies). For each app this takes
# the exact rustc command cargo runs (`cargo check -v`) and runs it under
# `valgrind --tool=callgrind --trace-children=yes`, summing "Collected":
#
# - non-incremental: with `CARGO_INCREMENTAL=0`, the whole check;
# - incremental (cargo's default for `dev`): cargo's own run leaves the
#   incremental state, and the count is the same command run again: the
#   re-check after a touch of `main.rs`, what a user gets on every save.
#
#   benches/check_count.sh               # both apps, both modes
#   APPS=twain_app benches/check_count.sh
#   MODES=1 benches/check_count.sh       # incremental only (0: non-incremental)
#   CALLGRIND_KEEP=dir benches/check_count.sh   # keep the callgrind files there
set -euo pipefail
cd "$(dirname "$0")/../target/check-time"
apps=${APPS:-twain_app axum_app}
modes=${MODES:-0 1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The rustc command cargo runs for app $1 with CARGO_INCREMENTAL=$2.
rustc_command() {
  touch "$1/src/main.rs"
  CARGO_INCREMENTAL=$2 cargo check -v -p "$1" 2>&1 |
    grep -F "Running \`" | grep -F -- "--crate-name $1 " | sed -E 's/^ *Running `//; s/`$//'
}

# Sum of callgrind's "Collected" for command $2 (label $1), in millions.
count() {
  local label=$1 cmd=$2 out="$tmp/$1"
  mkdir -p "$out"
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/cg.%p" \
    bash -c "$cmd" > /dev/null 2> "$out/log" || true
  if [ -n "${CALLGRIND_KEEP:-}" ]; then
    mkdir -p "$CALLGRIND_KEEP/$label"
    cp "$out"/cg.* "$CALLGRIND_KEEP/$label/"
  fi
  grep -E 'Collected' "$out/log" | awk '{s += $NF} END {printf "%.1f", s / 1e6}'
}

printf '| app | mode | rustc instructions (M, callgrind) |\n|---|---|---|\n'
for app in $apps; do
  for inc in $modes; do
    cmd=$(rustc_command "$app" "$inc")
    [ -n "$cmd" ] || { echo "no rustc command for $app (run benches/check_time.sh first)" >&2; exit 1; }
    mode=$([ "$inc" = 1 ] && echo "incremental re-check" || echo "non-incremental")
    printf '| %s | %s | %s |\n' "$app" "$mode" "$(count "$app-$inc" "$cmd")"
  done
done
