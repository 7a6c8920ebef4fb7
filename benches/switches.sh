#!/usr/bin/env bash
# Context switches and futex calls per request of one benchmark server under
# wrk load: the evidence behind the sync hand-off figures in BENCHMARKS.md.
# Prints req/s, the server's CPU µs/request (user + system, from /proc), its
# threads' voluntary and involuntary context switches per request (from
# /proc/<pid>/task/*/status), and, when `perf` can read tracepoints, its
# futex calls, scheduler switches and wake-ups per request. 127.0.0.1 only;
# bounded by SECS (default 3).
#
#   cargo build --release -p twain-bench
#   benches/switches.sh twain /hello/sync/      # kinds: twain hyper axum ...
#   SECS=5 benches/switches.sh axum /hello/sync/
set -euo pipefail
kind=${1:?kind: twain, hyper, axum, ...}
path=${2:?path, e.g. /hello/sync/}
secs=${SECS:-3}
bin=${BIN:-target/release/twain-bench}
out=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$out"' EXIT

# The server exits when its stdin closes: here, after a bounded while.
"$bin" serve "$kind" < <(sleep $((secs * 2 + 10))) > "$out/addr" &
server=$!
for _ in $(seq 50); do [ -s "$out/addr" ] && break; sleep 0.1; done
addr=$(awk '{print $2}' "$out/addr")
wrk -t1 -c32 -d1s "http://$addr$path" > /dev/null   # warm up: threads started

switches() {   # voluntary and involuntary context switches of all its threads
  cat /proc/"$server"/task/*/status 2>/dev/null \
    | awk '/^voluntary_ctxt/ {v += $2} /^nonvoluntary_ctxt/ {n += $2} END {print v, n}'
}
cpu_ticks() { awk '{print $14 + $15}' /proc/"$server"/stat; }

read -r v0 n0 < <(switches); c0=$(cpu_ticks)
wrk -t1 -c32 -d"${secs}s" "http://$addr$path" > "$out/wrk" &
load=$!
if perf stat -x, -e syscalls:sys_enter_futex -p "$server" -- true 2> /dev/null; then
  sleep 0.5
  perf stat -x, -o "$out/perf" -e syscalls:sys_enter_futex,sched:sched_switch,sched:sched_wakeup \
    -p "$server" -- sleep 1 2> /dev/null || true
fi
wait $load
read -r v1 n1 < <(switches); c1=$(cpu_ticks)

reqs=$(awk '/requests in/ {print $1}' "$out/wrk")
rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk")
tck=$(getconf CLK_TCK)
echo "== $kind $path: $rps req/s over ${secs} s"
awk -v r="$reqs" -v c=$((c1 - c0)) -v t="$tck" -v v=$((v1 - v0)) -v n=$((n1 - n0)) 'BEGIN {
  printf "server CPU µs/request          %.2f\n", c * 1e6 / t / r
  printf "voluntary switches/request     %.3f\n", v / r
  printf "involuntary switches/request   %.3f\n", n / r
}'
if [ -s "$out/perf" ]; then   # counted over 1 s of the run
  awk -F, -v rps="$rps" '/^[0-9]/ {printf "%-30s %.3f\n", $3 "/request", $1 / rps}' "$out/perf"
fi
