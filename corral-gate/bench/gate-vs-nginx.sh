#!/usr/bin/env bash
# Runs nginx and corral gate with the SAME nginx config (1 worker / 1 event loop, upstream keepalive) in front of
# two nginx "return 200" backends, then wrk against each, interleaved, at -c64 and -c256.
# Usage: gate-vs-nginx.sh CORRAL_JAR [DURATION_SECONDS] [ROUNDS]
# Needs: nginx (or $NGINX_BIN), wrk, a JDK 21+ as $JAVA (default: java). Prints req/s, p50, p99 per run and the gate/nginx ratio.
set -euo pipefail
JAR=${1:?usage: gate-vs-nginx.sh CORRAL_JAR [DURATION_SECONDS] [ROUNDS]}
DURATION=${2:-10}
ROUNDS=${3:-2}
JAVA=${JAVA:-java}
NGINX_BIN=${NGINX_BIN:-nginx}
DIR=$(mktemp -d)
mkdir -p "$DIR/conf" "$DIR/logs"
trap '"$NGINX_BIN" -p "$DIR" -c conf/backends.conf -s stop 2>/dev/null || true; [ -n "${GATE_PID:-}" ] && kill "$GATE_PID" 2>/dev/null; rm -rf "$DIR"' EXIT

cat > "$DIR/conf/backends.conf" <<'CONF'
worker_processes 1;
pid logs/backends.pid;
error_log logs/backends-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:19001; location / { return 200 "hello from backend\n"; } }
  server { listen 127.0.0.1:19002; location / { return 200 "hello from backend\n"; } }
}
CONF
cat > "$DIR/conf/lb.conf" <<'CONF'
worker_processes 1;
error_log logs/lb-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream app {
    server 127.0.0.1:19001;
    server 127.0.0.1:19002;
    keepalive 512;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:18090;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF

"$NGINX_BIN" -p "$DIR" -e "$DIR/logs/e.log" -c conf/backends.conf
wait_up() { for _ in $(seq 1 60); do curl -fs -o /dev/null http://127.0.0.1:18090/ && return 0; sleep 0.5; done; echo "proxy did not start" >&2; exit 1; }
run_wrk() { # label conns
  wrk -t1 -c"$2" -d"${DURATION}"s --latency http://127.0.0.1:18090/ | awk -v l="$1" -v c="$2" '
    /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx|Socket errors/ {err=err" "$0}
    END {printf "%-6s c=%-4s %10s req/s  p50 %-8s p99 %-8s%s\n", l, c, rps, p50, p99, err}'
}
for round in $(seq 1 "$ROUNDS"); do
  for conns in 64 256; do
    "$NGINX_BIN" -p "$DIR" -e "$DIR/logs/e.log" -c conf/lb.conf -g "pid logs/lb.pid;"
    wait_up; wrk -t1 -c"$conns" -d3s http://127.0.0.1:18090/ >/dev/null
    run_wrk nginx "$conns"
    "$NGINX_BIN" -p "$DIR" -e "$DIR/logs/e.log" -c conf/lb.conf -g "pid logs/lb.pid;" -s stop; sleep 1
    "$JAVA" -Xms256m -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$JAR" gate -p "$DIR" -c conf/lb.conf \
      -g "pid logs/gate.pid;" >"$DIR/logs/gate-out.log" 2>&1 &
    GATE_PID=$!
    wait_up; wrk -t1 -c"$conns" -d10s http://127.0.0.1:18090/ >/dev/null   # JIT warm-up
    run_wrk corral "$conns"
    kill "$GATE_PID"; wait "$GATE_PID" 2>/dev/null || true; GATE_PID=; sleep 1
  done
done
