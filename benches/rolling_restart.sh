#!/usr/bin/env bash
# A rolling restart under load, by hand (not run by CI): three blog processes
# on one PostgreSQL behind nginx; for 5 s, wrk on the home page (50
# connections) and wrk posting comments (10 connections, CSRF cookie and
# header) through nginx; at 2 s one process gets SIGTERM, and is started again
# once it exited. Prints wrk's figures and, from nginx's log, each request's
# process(es) and statuses.
#   cargo build --example blog
#   export DATABASE_URL="$(bash .ci/postgres start)"   # needs wrk and nginx
#   bash benches/rolling_restart.sh target/debug/examples/blog "$DATABASE_URL"
set -euo pipefail
bin=$1; export DATABASE_URL=$2
run=$(mktemp -d /tmp/blog-rolling.XXXX)
export TWAIN_SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export BLOG_MEDIA=$run/media RUST_LOG=warn
ports=(18311 18312 18313)
declare -A pid
start() { BLOG_ADDR=127.0.0.1:$1 "$bin" >> "$run/blog-$1.log" 2>&1 & pid[$1]=$!;
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$1/" && return; sleep 0.1; done; echo "no $1" >&2; exit 1; }
for p in "${ports[@]}"; do start "$p"; done
mkdir -p "$run/nginx/logs"
cat > "$run/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $run/nginx/logs/error.log warn;
pid $run/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  log_format up '\$msec \$request_method \$upstream_addr \$upstream_status \$status';
  access_log $run/nginx/logs/access.log up;
  upstream blog { server 127.0.0.1:18311; server 127.0.0.1:18312; server 127.0.0.1:18313; }
  server {
    listen 127.0.0.1:18400;
    location / { proxy_pass http://blog; proxy_next_upstream error; proxy_set_header Host \$host; }
  }
}
CONF
nginx -p "$run/nginx" -c "$run/nginx/nginx.conf"
trap 'nginx -p "$run/nginx" -c "$run/nginx/nginx.conf" -s stop || true; for p in "${ports[@]}"; do kill "${pid[$p]}" 2>/dev/null || true; done' EXIT
cat > "$run/comment.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "author=wrk&body=under+load"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=abcdefghijklmnopqrstuvwxyz012345"
wrk.headers["X-CSRFToken"] = "abcdefghijklmnopqrstuvwxyz012345"
LUA
wrk -t1 -c50 -d5s http://127.0.0.1:18400/ > "$run/wrk.txt" &
wrk_pid=$!
wrk -t1 -c10 -d5s -s "$run/comment.lua" http://127.0.0.1:18400/articles/1/comments/ > "$run/wrk-post.txt" &
post_pid=$!
sleep 2
old=${pid[18312]}; t0=$(date +%s.%N)
kill -TERM "$old"; while kill -0 "$old" 2> /dev/null; do sleep 0.02; done
t1=$(date +%s.%N)
start 18312
t2=$(date +%s.%N)
wait "$wrk_pid" "$post_pid"
echo "== restart of :18312: exited $(echo "$t1 - $t0" | bc) s after SIGTERM, listening again $(echo "$t2 - $t1" | bc) s later"
cat "$run/wrk.txt" "$run/wrk-post.txt"
echo "== per process (upstream, upstream status, client status): count"
cut -d" " -f2- "$run/nginx/logs/access.log" | sort | uniq -c | sort -rn
echo "== nginx errors"; grep -c . "$run/nginx/logs/error.log" || true
head -5 "$run/nginx/logs/error.log" || true
echo "== blog logs"; tail -n 5 "$run"/blog-*.log
echo "== 499s: last 200 at $(grep -E " (200|303)$" $run/nginx/logs/access.log | tail -1 | cut -d" " -f1), 499s from $(grep " 499$" $run/nginx/logs/access.log | head -1 | cut -d" " -f1)"; echo "run dir: $run"
