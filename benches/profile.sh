#!/usr/bin/env bash
# Profiles one server of the benchmark under wrk load with `perf`, and prints
# where its CPU time goes (kernel, twain, hyper, tokio, allocator, tracing).
# Used for the evidence in BENCHMARKS.md. Needs perf and wrk; 127.0.0.1 only.
#
#   cargo build --release -p twain-bench
#   benches/profile.sh twain /hello/async/     # kinds: twain hyper axum
#   benches/profile.sh axum /hello/sync/
set -euo pipefail
kind=${1:?kind: twain, hyper or axum}
path=${2:?path, e.g. /hello/async/}
bin=${BIN:-target/release/twain-bench}
out=$(mktemp -d)

# The server exits when its stdin closes: here, after 20 s at most.
"$bin" serve "$kind" < <(sleep 20) > "$out/addr" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
addr=$(awk '{print $2}' "$out/addr")
wrk -t1 -c32 -d8s "http://$addr$path" > "$out/wrk" &
load=$!
sleep 2
perf record -F 2999 -g -o "$out/perf.data" -p "$server" -- sleep 5 > /dev/null 2>&1
wait $load
perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2> /dev/null \
  | grep -E '^ +[0-9]' | sed -E 's/ {2,}-.*//' > "$out/symbols"
echo "== $kind $path: $(grep Requests/sec "$out/wrk")"
share() { grep -E "$1" "$out/symbols" | awk '{s += $1} END {printf "%6.2f%%", s + 0}'; }
printf '%-12s %s\n' kernel "$(share '\[k\]')" twain "$(share 'twain::')" \
  hyper "$(share 'hyper::')" tokio "$(share 'tokio::')" tracing "$(share 'tracing::')" \
  allocator "$(share 'malloc|_int_free|cfree|realloc')"
echo "top symbols:"
head -15 "$out/symbols"
rm -rf "$out"
