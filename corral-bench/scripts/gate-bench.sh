#!/usr/bin/env bash
# corral gate against nginx and HAProxy (issue #4), all three in the same run, in front of the same two backends.
#
#   backends : one nginx (1 worker) serving `return 200` on two loopback ports (fast enough not to be the
#              bottleneck: it answers without touching the disk or an app)
#   nginx    : worker_processes W, upstream keepalive (conf/lb.conf)
#   haproxy  : nbthread W, http-reuse always, the same timeouts as nginx's defaults (conf/haproxy.cfg)
#   corral   : `bin/corral gate` — as a user runs it, with the launcher's JVM flags — on THE SAME conf/lb.conf as
#              nginx (worker_processes W = W event loops; the default transport: io_uring where available)
#   corral-epoll (optional): the same with `events { use epoll; }` added to the file
#
# Two configurations (GATE_BENCH_CONFIGS), the same file for nginx and the gate:
#   lb     : proxy_pass to the upstream, access_log off
#   limits : lb plus what a real edge adds on every request: limit_req on a zone whose rate is never reached
#            (burst=1000 nodelay: a millisecond's worth of requests never exceeds it), add_header, and a buffered
#            access_log (combined, buffer=64k flush=1s). HAProxy has no such file and sits this one out.
#   files1k, files1m : static files, no upstream: `root` over a folder of the run holding a 1 KiB and a 1 MiB
#            file, sendfile on, access_log off; wrk asks for /1k.html or /1m.bin. HAProxy sits these out too.
#            (Not in the default set: GATE_BENCH_CONFIGS="files1k files1m".)
#   metrics : lb plus `admin_listen unix:logs/admin.sock;`, which turns the gate's per-request Prometheus meters
#            on (without an admin listener the gate records none): compare corral's lb and metrics rows for the
#            cost of metrics. Corral only; not in the default set.
#
# For each round, worker count W and wrk connection count C, the three proxies run one after the other (their
# order rotates each round): start, warm up (wrk, not measured), measure with `wrk -t1 -cC -dD --latency`, stop.
# A round whose wrk output reports non-2xx answers or socket errors FAILED: it is listed, counted, and none of its
# figures enter the medians or ranges. Every wrk output is kept, with the configurations, in
# corral-bench/results/gate-bench-<UTC time>/ (ignored by git), so a table can be checked against them.
# At the end: the median over rounds of req/s, p50, p99 and the proxy's CPU time per request (user + system, its
# whole process tree, read from /proc), and the ratios corral/nginx and corral/haproxy. Load average is printed before and after: the machine is shared, quote it with the figures.
#
# Usage: corral-bench/scripts/gate-bench.sh
# Knobs (environment):
#   GATE_BENCH_ROUNDS (3)        rounds; medians are over rounds
#   GATE_BENCH_SECONDS (10)      measured seconds per run
#   GATE_BENCH_WARMUP (8)        warm-up seconds per run, at 64 connections and again at the measured count
#                                (the JVM's JIT needs it; given to every proxy alike)
#   GATE_BENCH_CONNS ("64 256")  wrk connection counts
#   GATE_BENCH_WORKERS ("1 2")   worker processes / threads / event loops per proxy
#   GATE_BENCH_PROXIES ("nginx haproxy corral"; add corral-epoll to measure the epoll transport too)
#   GATE_BENCH_CONFIGS ("lb limits") the configurations above
#   GATE_JVM_OPTS                extra JVM flags for the gate, after the launcher's (CORRAL_JAVA_OPTS); none by
#                                default, so the run measures what `corral gate` does out of the box
# Needs: nginx, haproxy, wrk, curl, a JDK 21+ (found by jdk.sh). Missing HAProxy: `apt-get install -y haproxy`
# (Debian/Ubuntu) or `dnf install haproxy`; or leave it out with GATE_BENCH_PROXIES="nginx corral".
# All traffic stays on 127.0.0.1 (ports 18090, 19001, 19002).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${GATE_BENCH_ROUNDS:-3}"
seconds="${GATE_BENCH_SECONDS:-10}"
warmup="${GATE_BENCH_WARMUP:-8}"
conns_list="${GATE_BENCH_CONNS:-64 256}"
workers_list="${GATE_BENCH_WORKERS:-1 2}"
proxies="${GATE_BENCH_PROXIES:-nginx haproxy corral}"
configs="${GATE_BENCH_CONFIGS:-lb limits}"
jvm_opts="${GATE_JVM_OPTS:-}"
cd "$root"
. corral-bench/scripts/jdk.sh

need() { command -v "$1" >/dev/null 2>&1 || { echo "gate-bench: '$1' is needed ($2)" >&2; exit 1; }; }
need wrk "apt-get install -y wrk"
need curl "apt-get install -y curl"
need nginx "apt-get install -y nginx"
case " $proxies " in *" haproxy "*)
  need haproxy "apt-get install -y haproxy, or run without it: GATE_BENCH_PROXIES=\"nginx corral\"" ;;
esac
jar="$root/corral-cli/target/corral.jar"
if [ ! -f "$jar" ] || [ -n "$(find corral-gate/src corral-cli/src -newer "$jar" -name '*.java' -print -quit)" ]; then
  echo "gate-bench: building $jar" >&2
  mvn -q -B -pl corral-cli -am package -DskipTests >&2
fi

dir="$(mktemp -d -t gate-bench.XXXXXX)"
mkdir -p "$dir/conf" "$dir/logs" "$dir/www"
head -c 1024 /dev/urandom | base64 -w 0 | head -c 1024 >"$dir/www/1k.html"
head -c 1048576 /dev/urandom >"$dir/www/1m.bin"
echo ok >"$dir/www/index.html"
# nginx's workers drop root for nobody/www-data: they must be able to read the files (mktemp made the folder 0700).
chmod a+rx "$dir" "$dir/www" && chmod a+r "$dir"/www/*
raw="$root/corral-bench/results/gate-bench-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$raw"
proxy_pid=""
cleanup() {
  # Each step on its own: a failed kill or wait (a proxy that already exited) must not leave the backends running.
  if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
  if [ -f "$dir/logs/backends.pid" ]; then kill "$(cat "$dir/logs/backends.pid")" 2>/dev/null || true; fi
  cp -r "$dir/logs" "$raw/logs" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

cat > "$dir/conf/backends.conf" <<'CONF'
worker_processes 1;
daemon on;
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

write_configs() { # workers
  cat > "$dir/conf/lb.conf" <<CONF
worker_processes $1;
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
  # limits: the same, plus limit_req (a rate never reached), add_header and a buffered access log.
  sed -e 's|^  access_log off;|  access_log logs/access.log combined buffer=64k flush=1s;\
  limit_req_zone $binary_remote_addr zone=bench:10m rate=100000000r/s;|' \
    -e 's|^    location / {|    location / {\
      limit_req zone=bench burst=1000 nodelay;\
      add_header X-Edge bench;|' "$dir/conf/lb.conf" >"$dir/conf/limits.conf"
  # files1k / files1m: the same file; only the path wrk asks for differs (path_of).
  cat > "$dir/conf/files.conf" <<CONF
worker_processes $1;
error_log logs/lb-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  sendfile on;
  server {
    listen 127.0.0.1:18090;
    root $dir/www;
    location / { }
  }
}
CONF
  { echo "admin_listen unix:logs/admin.sock;"; cat "$dir/conf/lb.conf"; } >"$dir/conf/metrics.conf"
  cp "$dir/conf/files.conf" "$dir/conf/files1k.conf"
  cp "$dir/conf/files.conf" "$dir/conf/files1m.conf"
  for c in lb limits files1k files1m metrics; do
    sed 's/^events {/events { use epoll;/' "$dir/conf/$c.conf" >"$dir/conf/$c-epoll.conf"
  done
  # nginx's defaults: proxy_connect_timeout/proxy_read_timeout/send_timeout 60s, keepalive_timeout 75s.
  cat > "$dir/conf/haproxy.cfg" <<CONF
global
  nbthread $1
  maxconn 8000
defaults
  mode http
  option http-keep-alive
  timeout connect 60s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 75s
  http-reuse always
frontend fe
  bind 127.0.0.1:18090
  default_backend app
backend app
  balance roundrobin
  server b1 127.0.0.1:19001
  server b2 127.0.0.1:19002
CONF
}

start_proxy() { # name config
  case "$1" in
    nginx) nginx -p "$dir" -e "$dir/logs/e.log" -c "conf/$2.conf" -g "daemon off; pid logs/lb.pid;" & ;;
    haproxy) haproxy -f "$dir/conf/haproxy.cfg" -db >"$dir/logs/haproxy.log" 2>&1 & ;;
    # shellcheck disable=SC2086
    corral) CORRAL_JAVA_OPTS="$jvm_opts" "$root/bin/corral" gate -p "$dir" -c "conf/$2.conf" \
      >"$dir/logs/gate-out.log" 2>&1 & ;;
    corral-epoll) CORRAL_JAVA_OPTS="$jvm_opts" "$root/bin/corral" gate -p "$dir" -c "conf/$2-epoll.conf" \
      >"$dir/logs/gate-out.log" 2>&1 & ;;
  esac
  proxy_pid=$!
  # Up to 60 s: a JVM starting on a loaded machine takes a while.
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null http://127.0.0.1:18090/ && return 0
    sleep 0.2
  done
  echo "gate-bench: $1 did not start (or did not answer 2xx); its logs are kept in $raw/logs" >&2
  exit 1
}
stop_proxy() {
  kill "$proxy_pid" 2>/dev/null || true
  wait "$proxy_pid" 2>/dev/null || true
  proxy_pid=""
  for _ in $(seq 1 50); do curl -fs -o /dev/null http://127.0.0.1:18090/ || return 0; sleep 0.1; done
}
# The path wrk asks for in a configuration.
path_of() { case "$1" in files1k) echo /1k.html ;; files1m) echo /1m.bin ;; *) echo / ;; esac; }
# wrk's latency in ms (it prints us, ms or s).
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }
# CPU ticks (user + system) of a process and its children (nginx's master and workers), from /proc.
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
measure() { # config proxy workers conns round
  local cfg="$1" out rps p50 p99 errs before after n us status file
  shift
  file="$raw/$cfg-$1-W$2-c$3-round$4.txt"
  before="$(cpu_ticks "$proxy_pid")"
  wrk -t1 -c"$3" -d"${seconds}"s --latency "http://127.0.0.1:18090$(path_of "$cfg")" >"$file"
  after="$(cpu_ticks "$proxy_pid")"
  out="$(cat "$file")"
  n="$(awk '/requests in/ {print $1}' <<<"$out")"
  us="$(awk -v t="$((after - before))" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  errs="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ' || true)"
  status=ok
  if [ -n "$errs" ] || [ -z "$rps" ]; then
    status=FAILED
  fi
  echo "$cfg $1 $2 $3 $4 $rps $p50 $p99 $us $status" >>"$raw/results"
  printf '  %-7s %-12s W=%s c=%-4s round %s: %10s req/s  p50 %7s ms  p99 %7s ms  cpu %5s us/req %s%s\n' "$cfg" "$1" \
    "$2" "$3" "$4" "$rps" "$p50" "$p99" "$us" "$errs" "$([ "$status" = ok ] || echo " -> round FAILED")"
}

echo "gate-bench: $(uname -srm), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "gate-bench: nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(command -v haproxy >/dev/null && haproxy -v | head -1 | awk '{print "haproxy " $3}')"
echo "gate-bench: corral JVM flags: the launcher's ($(grep -o 'gate) jvm_opts=([^)]*)' "$root/bin/corral" | sed 's/gate) jvm_opts=(//; s/)$//'))${jvm_opts:+ + $jvm_opts}"
echo "gate-bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
nginx -p "$dir" -e "$dir/logs/e.log" -c conf/backends.conf
: >"$raw/results"
echo "gate-bench: raw wrk outputs in $raw"
for round in $(seq 1 "$rounds"); do
  # Rotate the order each round so no proxy always runs first (or right after the JVM's exit).
  read -r -a plist <<<"$proxies"
  order=""
  for ((i = 0; i < ${#plist[@]}; i++)); do order+="${plist[$(( (i + round - 1) % ${#plist[@]} ))]} "; done
  for workers in $workers_list; do
    write_configs "$workers"
    cp "$dir"/conf/*.conf "$dir/conf/haproxy.cfg" "$raw/" 2>/dev/null || true
    for cfg in $configs; do
    for conns in $conns_list; do
      for proxy in $order; do
        [ "$cfg" != lb ] && [ "$proxy" = haproxy ] && continue
        [ "$cfg" = metrics ] && [ "${proxy#corral}" = "$proxy" ] && continue
        start_proxy "$proxy" "$cfg"
        # Warm-up, alike for every proxy: first at 64 connections, then at the measured count. A cold JVM thrown
        # straight at 256 connections answers some requests after wrk's 2 s timeout; wrk then reconnects, which
        # aborts requests and their upstream connections, and the run measures that churn instead of the proxy.
        wrk -t1 -c64 -d"${warmup}"s "http://127.0.0.1:18090$(path_of "$cfg")" >/dev/null
        [ "$conns" = 64 ] || wrk -t1 -c"$conns" -d"${warmup}"s "http://127.0.0.1:18090$(path_of "$cfg")" >/dev/null
        measure "$cfg" "$proxy" "$workers" "$conns" "$round"
        stop_proxy
      done
    done
    done
  done
done
echo "gate-bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{a[NR] = $1} END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# Field f of the rounds that did not fail, for config g, proxy p, workers w, conns c.
vals() { awk -v g="$1" -v p="$2" -v w="$3" -v c="$4" -v f="$5" '$1 == g && $2 == p && $3 == w && $4 == c && $10 == "ok" {print $f}' "$raw/results"; }
med() { vals "$@" | median; }
range() { vals "$@" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END { if (NR == 0) print "-"; else print lo "–" hi }'; }
failed() { awk -v g="$1" -v p="$2" -v w="$3" -v c="$4" '$1 == g && $2 == p && $3 == w && $4 == c && $10 != "ok"' "$raw/results" | wc -l; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "nan" || b == "nan") print "-"; else printf "%.2fx", a / b }'; }
{
echo
echo "Medians over the rounds that did not fail, of $rounds (wrk -t1, ${seconds}s after ${warmup}s warm-up); p50/p99 in ms;"
echo "range: lowest–highest req/s of those rounds; failed: rounds with non-2xx answers or socket errors"
printf '| config | W | conns | proxy | req/s | range | p50 | p99 | CPU µs/req | failed |\n|---|---|---|---|---|---|---|---|---|---|\n'
for cfg in $configs; do
  for workers in $workers_list; do
    for conns in $conns_list; do
      for proxy in $proxies; do
        [ "$cfg" != lb ] && [ "$proxy" = haproxy ] && continue
        [ "$cfg" = metrics ] && [ "${proxy#corral}" = "$proxy" ] && continue
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$cfg" "$workers" "$conns" "$proxy" \
          "$(med "$cfg" "$proxy" "$workers" "$conns" 6)" "$(range "$cfg" "$proxy" "$workers" "$conns" 6)" \
          "$(med "$cfg" "$proxy" "$workers" "$conns" 7)" "$(med "$cfg" "$proxy" "$workers" "$conns" 8)" \
          "$(med "$cfg" "$proxy" "$workers" "$conns" 9)" "$(failed "$cfg" "$proxy" "$workers" "$conns")"
      done
    done
  done
done
echo
printf '| config | W | conns | gate | /nginx req/s | /haproxy req/s | p99 /nginx | p99 /haproxy | CPU per request /nginx |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for cfg in $configs; do
  for workers in $workers_list; do
    for conns in $conns_list; do
      for gate in corral corral-epoll; do
        case " $proxies " in *" $gate "*) ;; *) continue ;; esac
        c_rps="$(med "$cfg" "$gate" "$workers" "$conns" 6)"; c_p99="$(med "$cfg" "$gate" "$workers" "$conns" 8)"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$cfg" "$workers" "$conns" "$gate" \
          "$(ratio "$c_rps" "$(med "$cfg" nginx "$workers" "$conns" 6)")" \
          "$(ratio "$c_rps" "$(med "$cfg" haproxy "$workers" "$conns" 6)")" \
          "$(ratio "$c_p99" "$(med "$cfg" nginx "$workers" "$conns" 8)")" \
          "$(ratio "$c_p99" "$(med "$cfg" haproxy "$workers" "$conns" 8)")" \
          "$(ratio "$(med "$cfg" "$gate" "$workers" "$conns" 9)" "$(med "$cfg" nginx "$workers" "$conns" 9)")"
      done
    done
  done
done
} | tee "$raw/summary.md"
