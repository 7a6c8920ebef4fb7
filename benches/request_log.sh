#!/usr/bin/env bash
# What the default request log line costs a server run as users run it:
# the `hello` example (`App::run`, so twain's default subscriber) answering
# its async view under wrk load, its log going to a file, against the same
# server with `twain::request=off`. Alternating runs; prints each run and the
# median req/s and server CPU µs/request of each. 127.0.0.1 only; bounded by
# RUNS (default 3) x SECS (default 3).
#
#   cargo build --release --example hello
#   benches/request_log.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
secs=${SECS:-3}
bin=${BIN:-target/release/examples/hello}
path=/articles/2024/hello-world/
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One run: prints "req/s cpu_us_per_request".
run() {
  local log=$1 port=$2
  RUST_LOG=$log TWAIN_ADDR=127.0.0.1:$port "$bin" 2> "$out/log" > /dev/null &
  local server=$!
  for _ in $(seq 50); do
    sleep 0.1
    grep -q listening "$out/log" 2> /dev/null && break
  done
  wrk -t1 -c32 -d1s "http://127.0.0.1:$port$path" > /dev/null
  local tck cpu0 cpu1
  tck=$(getconf CLK_TCK)
  cpu0=$(awk '{print $14 + $15}' "/proc/$server/stat")
  wrk -t1 -c32 -d"${secs}s" "http://127.0.0.1:$port$path" > "$out/wrk"
  cpu1=$(awk '{print $14 + $15}' "/proc/$server/stat")
  kill -INT "$server"
  wait "$server" 2> /dev/null || true
  local reqs rps
  reqs=$(awk '/requests in/ {print $1}' "$out/wrk")
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk")
  echo "$rps $(echo "scale=2; ($cpu1 - $cpu0) * 1000000 / $tck / $reqs" | bc)"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

: > "$out/on"; : > "$out/off"
for ((r = 0; r < runs; r++)); do
  on=$(run info 18431); off=$(run "info,twain::request=off" 18432)
  echo "run $((r + 1)): logged $on | not logged $off"
  echo "$on" >> "$out/on"; echo "$off" >> "$out/off"
done
rps_on=$(cut -d' ' -f1 "$out/on" | median); rps_off=$(cut -d' ' -f1 "$out/off" | median)
cpu_on=$(cut -d' ' -f2 "$out/on" | median); cpu_off=$(cut -d' ' -f2 "$out/off" | median)
echo "median: logged $rps_on req/s, $cpu_on µs/request; not logged $rps_off req/s, $cpu_off µs/request"
echo "ratio logged / not logged: $(echo "scale=3; $rps_on / $rps_off" | bc)"
