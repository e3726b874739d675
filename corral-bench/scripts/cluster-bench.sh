#!/usr/bin/env bash
# corral's cluster mode against pm2's (issue #10), both in the same run:
#   (a) examples/hello, 1 instance reached directly vs 2 instances behind corral's gate (cluster mode):
#       wrk -t1 -c64, req/s and p99, medians over rounds in alternating order, as ratios cluster / direct;
#       and the gate's CPU time per request (user + system of the gate process, from /proc, as gate-bench.sh);
#   (b) reload under load, failed requests counted: wrk -t1 -c32 keep-alive (cluster-count.lua counts non-2xx
#       answers and socket errors) runs through each reload, 5 reloads of corral (`corral reload hello`, 2
#       instances of examples/hello) and 5 of pm2 (`pm2 reload app`, 2 cluster workers of cluster-hello.js, the
#       node twin of examples/hello), alternating; one window per reload: 2 s of load, the reload, 2 s of load;
#       plus one window per manager without a reload (the control: 0 failed, or the counting is wrong);
#   (c) time of a full rolling reload of 4 instances (`corral reload hello4`, no load; date arithmetic, median of
#       CLUSTER_BENCH_RELOADS4), with pm2's reload of 4 node workers in the same run for reference.
# Both apps stop gracefully on SIGINT, the stop signal of both managers (examples/hello on SIGTERM too);
# each lets requests in flight finish for up to 5 s; both managers get kill_timeout 8000 ms so neither is killed
# during that grace.
#
# pm2 comes from npm (corral-bench/node); CORRAL_HOME and PM2_HOME are fresh temporary folders, removed at the end
# with both daemons and every process they started, also on failure or Ctrl-C. Raw outputs (every wrk output,
# the managers' lists, the summary) are kept in corral-bench/results/cluster-<UTC time>/ (ignored by git).
# All traffic goes to 127.0.0.1; every loop is bounded in count and time.
#
# Usage: corral-bench/scripts/cluster-bench.sh
# Knobs (environment):
#   CLUSTER_BENCH_ROUNDS (3)      rounds of (a); medians are over rounds
#   CLUSTER_BENCH_SECONDS (10)    measured seconds per (a) run
#   CLUSTER_BENCH_WARMUP (8)      warm-up seconds before each (a) run (the JVMs' JIT)
#   CLUSTER_BENCH_RELOADS (5)     reloads per manager in (b)
#   CLUSTER_BENCH_RELOADS4 (3)    reloads of the 4-instance app in (c)
#   CLUSTER_BENCH_PARTS ("a b c") which parts to run
#   CLUSTER_BENCH_MANAGERS ("corral pm2") which managers (b) and (c) run; "pm2" alone checks the pm2 half
#   CLUSTER_BENCH_PORT (18480)    first of the public ports used (4 of them)
# Needs: wrk, jq, curl, node, npm, a JDK 21+ (found by jdk.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${CLUSTER_BENCH_ROUNDS:-3}"
seconds="${CLUSTER_BENCH_SECONDS:-10}"
warmup="${CLUSTER_BENCH_WARMUP:-8}"
reloads="${CLUSTER_BENCH_RELOADS:-5}"
reloads4="${CLUSTER_BENCH_RELOADS4:-3}"
parts="${CLUSTER_BENCH_PARTS:-a b c}"
managers="${CLUSTER_BENCH_MANAGERS:-corral pm2}"
port_base="${CLUSTER_BENCH_PORT:-18480}"
corral_port=$port_base pm2_port=$((port_base + 1)) direct_port=$((port_base + 2)) corral4_port=$((port_base + 3))
cd "$root"
. corral-bench/scripts/jdk.sh

for tool in wrk jq curl node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "cluster-bench: '$tool' is needed (apt-get install $tool)" >&2; exit 1; }
done
has() { case " $2 " in *" $1 "*) return 0 ;; *) return 1 ;; esac; } # has WORD LIST
if has pm2 "$managers"; then
  echo "installing pm2 into corral-bench/node/node_modules" >&2
  (cd corral-bench/node && npm install --silent --no-audit --no-fund >/dev/null)
fi
corral="$root/bin/corral"
pm2="$root/corral-bench/node/node_modules/.bin/pm2"
lua="$root/corral-bench/scripts/cluster-count.lua"
"$corral" --version >/dev/null # builds corral.jar and examples/hello/target/hello.jar on first use or when stale
hello="$root/examples/hello/target/hello.jar"
[ -f "$hello" ] || { echo "cluster-bench: $hello is missing after the build" >&2; exit 1; }

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
raw="$root/corral-bench/results/cluster-$stamp"
mkdir -p "$raw"
work="$(mktemp -d -t cluster-bench.XXXXXX)"
export CORRAL_HOME="$work/corral" PM2_HOME="$work/pm2"
mkdir -p "$CORRAL_HOME" "$PM2_HOME"
cp corral-bench/scripts/cluster-hello.js "$work/cluster-hello.js"
results="$raw/results.tsv" # part, label, value columns…
: > "$results"
direct_pid=""
wrk_pid=""

# Everything this run started carries $work in its command line or its environment (CORRAL_HOME / PM2_HOME are
# under it, and the daemons' children inherit them): after both managers are told to stop, whatever is left with
# that marker is killed by pid.
cleanup() {
  set +e
  [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
  [ -n "$direct_pid" ] && kill "$direct_pid" 2>/dev/null
  report
  has corral "$managers" && timeout 60 "$corral" kill >/dev/null 2>&1
  has pm2 "$managers" && timeout 60 "$pm2" kill >/dev/null 2>&1
  local f pid
  for f in "$CORRAL_HOME/daemon.pid" "$PM2_HOME/pm2.pid"; do
    [ -f "$f" ] && pid="$(cat "$f")" && [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  done
  for f in /proc/[0-9]*; do
    pid="${f#/proc/}"
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    if grep -qzF -- "$work" "$f/cmdline" 2>/dev/null || grep -qzF -- "$work" "$f/environ" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null
    fi
  done
  rm -rf "$work"
  echo "cluster-bench: raw outputs in ${raw#"$root"/}" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

record() { local IFS=$'\t'; echo "$*" >> "$results"; } # part, then the part's columns
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }
median() { sort -g | awk '{a[NR] = $1} END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "—"; else printf "%.2f×", a / b }'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
cpu_ticks() { [ -r "/proc/$1/stat" ] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0; } # user + system

# wait_answers PORT N: until GET / on PORT has been answered by N different instances (at most 120 s), so every
# instance is up and in the pool; the answers name the instance ("instance I" or "worker I").
wait_answers() {
  local seen="" i body id count=0
  for ((i = 0; i < 1200; i++)); do
    if body="$(curl -fsS -m 2 "http://127.0.0.1:$1/" 2>/dev/null)"; then
      id="$(sed -E 's/^hello from (instance|worker) ([0-9]+).*/\2/' <<<"$body")"
      case " $seen " in *" $id "*) ;; *) seen+=" $id"; count=$((count + 1)) ;; esac
      [ "$count" -ge "$2" ] && return 0
    fi
    sleep 0.1
  done
  echo "cluster-bench: 127.0.0.1:$1 answered from only $count of $2 instances within 120 s (seen:$seen)" >&2
  return 1
}

# wait_online MANAGER NAME N PORT [OLD_PIDS]: until the manager lists N instances of NAME online, none of them in
# OLD_PIDS, and GET / on PORT answers (at most 120 s). Used after a reload instead of wait_answers: the gate's
# least_request balancer sends sequential requests (no concurrency) to the instance with the lower latency EWMA,
# so one instance may answer them all while both serve.
wait_online() {
  local i pids n p fresh
  for ((i = 0; i < 240; i++)); do
    if [ "$1" = pm2 ]; then
      pids="$("$pm2" jlist | jq -r '[.[] | select(.name == "app" and .pm2_env.status == "online") | .pid] | join(" ")')"
    else
      pids="$("$corral" jlist | jq -r --arg n "$2" '[.[] | select(.name == $n and .mode != "gate" and .status == "online") | .pid] | join(" ")')"
    fi
    n=0; fresh=yes
    for p in $pids; do n=$((n + 1)); case " ${5:-} " in *" $p "*) fresh=no ;; esac; done
    if [ "$n" -ge "$3" ] && [ "$fresh" = yes ] && curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$4/"; then
      return 0
    fi
    sleep 0.5
  done
  echo "cluster-bench: $1 lists no $3 fresh online instances of $2 within 120 s (online: $pids)" >&2
  return 1
}

# The apps: examples/hello in cluster mode under corral (the JVM flags of examples/hello.yaml, and a marker), and
# cluster-hello.js in cluster mode under pm2.
corral_app() { # NAME INSTANCES PORT: an ecosystem file for corral
  local file="$work/$1.json"
  printf '{"apps": [{"name": "%s", "script": "%s", "exec_mode": "cluster", "instances": %d, "port": %d, "kill_timeout": 8000, "jvm_args": ["-Dcluster.bench=%s", "-XX:+UseSerialGC", "-Xmx64m"]}]}\n' \
    "$1" "$hello" "$2" "$3" "$work" > "$file"
  echo "$file"
}
pm2_app() { # INSTANCES PORT
  local file="$work/pm2-app.json"
  printf '{"apps": [{"name": "app", "script": "%s", "exec_mode": "cluster", "instances": %d, "kill_timeout": 8000, "env": {"PORT": "%d"}}]}\n' \
    "$work/cluster-hello.js" "$1" "$2" > "$file"
  echo "$file"
}
# The pids of an app's instances (not its gate), sorted, on one line: a reload must change all of them.
corral_pids() { "$corral" jlist | jq -r --arg n "$1" '[.[] | select(.name == $n and .mode != "gate") | .pid] | sort | join(" ")'; }
pm2_pids() { "$pm2" jlist | jq -r '[.[] | select(.name == "app") | .pid] | sort | join(" ")'; }
# The pid of the gate in front of a corral cluster-mode app.
gate_pid() { "$corral" jlist | jq -r --arg n "$1" '[.[] | select(.name == $n and .mode == "gate") | .pid] | first // empty'; }

# (a) one measurement: wrk -t1 -c64 on PORT after a warm-up; LABEL ROUND PORT [GATE_PID]
throughput() {
  local out before after n us=""
  wrk -t1 -c64 -d"${warmup}"s "http://127.0.0.1:$3/" >/dev/null
  [ -n "${4:-}" ] && before="$(cpu_ticks "$4")"
  out="$(wrk -t1 -c64 -d"${seconds}"s --latency "http://127.0.0.1:$3/")"
  [ -n "${4:-}" ] && after="$(cpu_ticks "$4")"
  echo "$out" > "$raw/a-$1-round$2.txt"
  n="$(awk '/requests in/ {print $1}' <<<"$out")"
  if [ -n "${4:-}" ]; then
    us="$(awk -v t="$((after - before))" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
  fi
  local rps p50 p99 errs
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  errs="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ' || true)"
  record a "$1" "$2" "$rps" "$p50" "$p99" "$us"
  printf '  (a) %-7s round %s: %10s req/s  p50 %7s ms  p99 %7s ms%s %s\n' "$1" "$2" "$rps" "$p50" "$p99" \
    "${us:+  gate cpu $us µs/req}" "$errs" >&2
}

part_a() {
  echo "(a) examples/hello: 1 instance direct vs 2 in cluster mode, $rounds rounds" >&2
  PORT="$direct_port" CORRAL_INSTANCE=0 "$JAVA" "-Dcluster.bench=$work" -XX:+UseSerialGC -Xmx64m -jar "$hello" \
    >"$raw/a-direct-app.log" 2>&1 &
  direct_pid=$!
  wait_answers "$direct_port" 1
  local gate r
  gate="$(gate_pid hello)"
  [ -n "$gate" ] || { echo "cluster-bench: no gate for 'hello' in corral jlist" >&2; "$corral" jlist > "$raw/jlist.json"; return 1; }
  for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then
      throughput direct "$r" "$direct_port"; throughput cluster "$r" "$corral_port" "$gate"
    else
      throughput cluster "$r" "$corral_port" "$gate"; throughput direct "$r" "$direct_port"
    fi
  done
  kill "$direct_pid"; wait "$direct_pid" 2>/dev/null || true; direct_pid=""
}

# (b) one window: wrk through a reload (or none), stopped 2 s after it; MANAGER LABEL PORT COMMAND…
window() {
  local m="$1" label="$2" port="$3"; shift 3
  local out="$raw/b-$m-$label.txt" t0 t1 before after replaced=— result
  [ $# -gt 0 ] && replaced=yes
  if [ "$m" = pm2 ]; then before="$(pm2_pids)"; else before="$(corral_pids hello)"; fi
  wrk -t1 -c32 -d300s --timeout 10s --latency -s "$lua" "http://127.0.0.1:$port/" >"$out" 2>&1 &
  wrk_pid=$!
  sleep 2
  t0="$(now)"
  if [ $# -gt 0 ] && ! timeout 180 "$@" >"$raw/b-$m-$label-reload.log" 2>&1; then
    echo "cluster-bench: '$*' failed or took over 180 s (log: ${raw#"$root"/}/b-$m-$label-reload.log)" >&2
    replaced=failed
  fi
  t1="$(now)"
  sleep 2
  kill -INT "$wrk_pid"
  wait "$wrk_pid" || true
  wrk_pid=""
  if [ "$m" = pm2 ]; then after="$(pm2_pids)"; else after="$(corral_pids hello)"; fi
  if [ $# -gt 0 ] && [ "$replaced" = yes ]; then
    local p
    for p in $before; do case " $after " in *" $p "*) replaced="no ($p still serves)" ;; esac; done
  fi
  result="$(grep '^RESULT ' "$out" || echo "RESULT requests=0 non2xx=0 connect=0 read=0 write=0 timeout=0 p50_us=0 p99_us=0 max_us=0")"
  local -A v=()
  local kv
  for kv in ${result#RESULT }; do v[${kv%%=*}]="${kv#*=}"; done
  local failed=$((v[non2xx] + v[connect] + v[read] + v[write] + v[timeout]))
  local secs=—
  [ $# -gt 0 ] && secs="$(elapsed "$t0" "$t1")"
  record b "$m" "$label" "$secs" "${v[requests]}" "$failed" "${v[non2xx]}" \
    "${v[connect]}/${v[read]}/${v[write]}/${v[timeout]}" "$(to_ms "${v[p99_us]}us")" "$(to_ms "${v[max_us]}us")" "$replaced"
  printf '  (b) %-6s %-9s: reload %6s s, %7s requests, %4s failed (non-2xx %s, connect/read/write/timeout %s), p99 %s ms, max %s ms, replaced: %s\n' \
    "$m" "$label" "$secs" "${v[requests]}" "$failed" "${v[non2xx]}" "${v[connect]}/${v[read]}/${v[write]}/${v[timeout]}" \
    "$(to_ms "${v[p99_us]}us")" "$(to_ms "${v[max_us]}us")" "$replaced" >&2
}

part_b() {
  echo "(b) reload under load: $reloads reloads each (${managers}), wrk -c32" >&2
  local m i
  for m in $managers; do # warm both up once: the gate's and the apps' JIT, pm2's master
    [ "$m" = pm2 ] && wrk -t1 -c32 -d5s "http://127.0.0.1:$pm2_port/" >/dev/null
    [ "$m" = corral ] && wrk -t1 -c32 -d5s "http://127.0.0.1:$corral_port/" >/dev/null
  done
  for m in $managers; do
    [ "$m" = pm2 ] && window pm2 control "$pm2_port"
    [ "$m" = corral ] && window corral control "$corral_port"
  done
  for ((i = 1; i <= reloads; i++)); do
    local order="$managers"
    ((i % 2)) || order="$(tr ' ' '\n' <<<"$managers" | tac | tr '\n' ' ')"
    for m in $order; do
      if [ "$m" = pm2 ]; then
        window pm2 "reload-$i" "$pm2_port" "$pm2" reload app
        wait_answers "$pm2_port" 2
      else
        window corral "reload-$i" "$corral_port" "$corral" reload hello
        wait_online corral hello 2 "$corral_port"
      fi
    done
  done
}

part_c() {
  echo "(c) full rolling reload of 4 instances, $reloads4 times each (${managers}), no load" >&2
  local m i t0 t1
  for m in $managers; do
    if [ "$m" = corral ]; then
      "$corral" start "$(corral_app hello4 4 "$corral4_port")" >"$raw/c-corral-start.log" 2>&1
      wait_online corral hello4 4 "$corral4_port"
    else
      "$pm2" scale app 4 >"$raw/c-pm2-scale.log" 2>&1
      wait_answers "$pm2_port" 4
    fi
    local port=$pm2_port old t2
    [ "$m" = corral ] && port=$corral4_port
    for ((i = 1; i <= reloads4; i++)); do
      if [ "$m" = corral ]; then old="$(corral_pids hello4)"; else old="$(pm2_pids)"; fi
      t0="$(now)"
      if [ "$m" = corral ]; then
        timeout 300 "$corral" reload hello4 >>"$raw/c-corral-reload.log" 2>&1 || { echo "cluster-bench: corral reload hello4 failed" >&2; return 1; }
      else
        timeout 300 "$pm2" reload app >>"$raw/c-pm2-reload.log" 2>&1 || { echo "cluster-bench: pm2 reload app failed" >&2; return 1; }
      fi
      t1="$(now)"
      if [ "$m" = corral ]; then wait_online corral hello4 4 "$port" "$old"; else wait_online pm2 app 4 "$port" "$old"; fi
      t2="$(now)"
      record c "$m" "$i" "$(elapsed "$t0" "$t1")" "$(elapsed "$t0" "$t2")"
      echo "  (c) $m reload of 4, run $i: command $(elapsed "$t0" "$t1") s, 4 new processes online after $(elapsed "$t0" "$t2") s" >&2
    done
  done
}

report() { # the tables of whatever was measured, also after a failure
  [ -s "$results" ] || return 0
  {
    echo
    echo "cluster-bench $stamp: $(uname -srm), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)${pm2_version:+, pm2 $pm2_version, node $(node --version)}"
    echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    col() { awk -F'\t' -v p="$1" -v l="$2" -v c="$3" '$1 == p && $2 == l {print $c}' "$results"; }
    if grep -q '^a' "$results"; then
      local d_rps c_rps d_p99 c_p99 cpu
      d_rps="$(col a direct 4 | median)"; c_rps="$(col a cluster 4 | median)"
      d_p99="$(col a direct 6 | median)"; c_p99="$(col a cluster 6 | median)"
      cpu="$(col a cluster 7 | median)"
      echo
      echo "(a) examples/hello, wrk -t1 -c64 -d${seconds}s after ${warmup}s warm-up, medians of $rounds rounds"
      echo
      echo "| | req/s | p99 ms | gate CPU µs/req |"
      echo "|---|---:|---:|---:|"
      echo "| 1 instance, direct | $d_rps | $d_p99 | — |"
      echo "| 2 instances, corral cluster mode (through the gate) | $c_rps | $c_p99 | $cpu |"
      echo "| cluster / direct | $(ratio "$c_rps" "$d_rps") | $(ratio "$c_p99" "$d_p99") | |"
    fi
    if grep -q '^b' "$results"; then
      echo
      echo "(b) reload under load: wrk -t1 -c32 keep-alive, 2 s of load, the reload, 2 s of load; failed = non-2xx + socket errors"
      echo
      echo "| manager | window | reload s | requests | failed | non-2xx | connect/read/write/timeout | p99 ms | max ms | instances replaced |"
      echo "|---|---|---:|---:|---:|---:|---|---:|---:|---|"
      awk -F'\t' '$1 == "b" { printf "| %s | %s | %s | %s | **%s** | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$results"
      echo
      echo "| manager | reloads | failed requests per reload | total failed |"
      echo "|---|---:|---|---:|"
      local m
      for m in $managers; do
        awk -F'\t' -v m="$m" '$1 == "b" && $2 == m && $3 ~ /^reload/ { n++; s = s (s == "" ? "" : ", ") $6; t += $6 }
          END { if (n) printf "| %s | %d | %s | %d |\n", m, n, s, t }' "$results"
      done
    fi
    if grep -q '^c' "$results"; then
      echo
      echo "(c) full rolling reload of 4 instances, no load: the reload command's time, and the time until the manager"
      echo "lists 4 new processes online and the port answers (medians of the runs; each run in brackets)"
      echo
      echo "| manager | reload command, s | until 4 new processes are online, s |"
      echo "|---|---:|---:|"
      local m
      for m in $managers; do
        [ -n "$(col c "$m" 4)" ] || continue
        echo "| $m | $(col c "$m" 4 | median) ($(col c "$m" 4 | tr '\n' ' ' | sed 's/ $//')) | $(col c "$m" 5 | median) ($(col c "$m" 5 | tr '\n' ' ' | sed 's/ $//')) |"
      done
    fi
  } | tee "$raw/summary.md"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
pm2_version=""
has pm2 "$managers" && pm2_version="$("$pm2" --version 2>/dev/null | tail -1)"
echo "cluster-bench: $(date -u +%FT%TZ), $("$JAVA" -version 2>&1 | head -1)${pm2_version:+, pm2 $pm2_version, node $(node --version)}" >&2
if has corral "$managers" || has a "$parts"; then
  "$corral" start "$(corral_app hello 2 "$corral_port")" >"$raw/corral-start.log" 2>&1 \
    || { cat "$raw/corral-start.log" >&2; exit 1; }
  wait_answers "$corral_port" 2
fi
if has pm2 "$managers"; then
  "$pm2" start "$(pm2_app 2 "$pm2_port")" >"$raw/pm2-start.log" 2>&1 || { cat "$raw/pm2-start.log" >&2; exit 1; }
  wait_answers "$pm2_port" 2
fi
has a "$parts" && part_a
has b "$parts" && part_b
has c "$parts" && part_c
has corral "$managers" && "$corral" jlist > "$raw/corral-jlist.json" 2>/dev/null || true
has pm2 "$managers" && "$pm2" jlist > "$raw/pm2-jlist.json" 2>/dev/null || true
