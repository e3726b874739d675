#!/usr/bin/env bash
# corral-spring-boot-starter against Resilience4j and Bucket4j in a Spring Boot MVC app (issue #14), same run.
#
# One app (corral-bench/spring-limit-app, target/spring-limit-app.jar), one endpoint (GET /hello answers "hello"),
# five Spring profiles, the same quota wherever there is a limiter (1,000,000 a second, never reached):
#   bare          : the endpoint alone, the floor
#   corral        : @RateLimited(name = "bench") on the controller method (token bucket, capacity 1,000,000)
#   resilience4j  : @RateLimiter(name = "bench") of resilience4j-spring-boot4 2.4.0 (limitForPeriod 1,000,000 per 1 s)
#   corral-filter : the starter's HTTP filter (corral.http.limits on /hello; adds the RateLimit headers)
#   bucket4j      : the servlet filter Bucket4j's documentation shows (one bucket, tryConsume(1), 429 when empty)
# corral vs resilience4j are the annotations on the method; corral-filter vs bucket4j the filters in front of it.
#
# The five apps start together (the same JVM flags for all, each on its own port) and run to the end. For each
# round the profiles run one after the other, their order rotating each round: warm up (wrk, not measured), then
# measure with `wrk -t1 -cC -dD --latency`; the other apps sit idle meanwhile. A run whose
# wrk output reports non-2xx answers or socket errors FAILED: it is listed, counted, and none of its figures enter
# the medians or ranges. Every wrk output is kept in corral-bench/results/starter-bench-<UTC time>/ (ignored by git),
# with the load average before and after each run.
# At the end: per profile the median over rounds of req/s, p50, p99 and the app's CPU time per request (user +
# system, from /proc), the lowest–highest of each; then corral / best peer for req/s and p99 (the best peer: the
# higher req/s, the lower p99), and each limiter's own cost per request against bare: wall µs (1/req/s minus the
# bare's 1/req/s, the two cores being saturated) and CPU µs (its CPU per request minus bare's).
#
# Usage: corral-bench/scripts/starter-bench.sh
# Knobs (environment):
#   STARTER_BENCH_ROUNDS (3)      rounds; medians are over rounds
#   STARTER_BENCH_SECONDS (10)    measured seconds per run
#   STARTER_BENCH_WARMUP (10)     warm-up seconds before every measured run (given to each alike)
#   STARTER_BENCH_CONNS (64)      wrk connections
#   STARTER_BENCH_PROFILES ("bare corral resilience4j corral-filter bucket4j")
#   STARTER_BENCH_JVM_OPTS ("-Xms512m -Xmx512m") the JVM flags of every app
#   STARTER_BENCH_WRK_TIMEOUT (2s) wrk's --timeout: an answer later than this is a socket error and fails the run
#   STARTER_BENCH_START_SECONDS (600) how long to wait for the apps to answer after starting them
# Needs: wrk, curl, a JDK 21+ (found by jdk.sh), Maven (builds the jar when it is missing or older than its sources
# or the starter's). All traffic stays on 127.0.0.1 (ports 18095-18099).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${STARTER_BENCH_ROUNDS:-3}"
seconds="${STARTER_BENCH_SECONDS:-10}"
warmup="${STARTER_BENCH_WARMUP:-10}"
conns="${STARTER_BENCH_CONNS:-64}"
profiles="${STARTER_BENCH_PROFILES:-bare corral resilience4j corral-filter bucket4j}"
jvm_opts="${STARTER_BENCH_JVM_OPTS:--Xms512m -Xmx512m}"
wrk_timeout="${STARTER_BENCH_WRK_TIMEOUT:-2s}"
start_seconds="${STARTER_BENCH_START_SECONDS:-600}"
base_port=18095
cd "$root"
. corral-bench/scripts/jdk.sh

need() { command -v "$1" >/dev/null 2>&1 || { echo "starter-bench: '$1' is needed ($2)" >&2; exit 1; }; }
need wrk "apt-get install -y wrk"
need curl "apt-get install -y curl"
for p in $profiles; do
  case "$p" in bare | corral | resilience4j | corral-filter | bucket4j) ;;
    *) echo "starter-bench: unknown profile '$p' (expected: bare, corral, resilience4j, corral-filter, bucket4j)" >&2
       exit 2 ;;
  esac
done
jar="$root/corral-bench/spring-limit-app/target/spring-limit-app.jar"
if [ ! -f "$jar" ] || [ -n "$(find corral-bench/spring-limit-app/src corral-spring-boot-starter/src corral-limit/src \
    corral-async/src -newer "$jar" -type f -print -quit)" ]; then
  echo "starter-bench: building $jar" >&2
  mvn -q -B -pl corral-bench/spring-limit-app -am package -DskipTests >&2
fi

raw="$root/corral-bench/results/starter-bench-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$raw"
declare -A app_pid app_port
cleanup() {
  local p
  for p in "${!app_pid[@]}"; do kill "${app_pid[$p]}" 2>/dev/null || true; done
  for p in "${!app_pid[@]}"; do wait "${app_pid[$p]}" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# Every app is started once, all at the same time, each on its own port, and runs until the end: a Spring Boot
# start takes most of a minute on a loaded machine, and five starts per round would make the run too long to
# repeat. Between its runs an app is idle (its JIT and GC are too, once its warm-up has run).
start_apps() {
  local p i=0
  for p in $profiles; do
    app_port[$p]=$((base_port + i))
    i=$((i + 1))
    if curl -s -o /dev/null "http://127.0.0.1:${app_port[$p]}/hello"; then
      echo "starter-bench: something already answers on 127.0.0.1:${app_port[$p]}; stop it first" >&2
      exit 1
    fi
    # shellcheck disable=SC2086
    "$JAVA" $jvm_opts -jar "$jar" --spring.profiles.active="$p" --server.address=127.0.0.1 \
      --server.port="${app_port[$p]}" >"$raw/app-$p.log" 2>&1 &
    app_pid[$p]=$!
  done
  for p in $profiles; do
    # Spring Boot apps starting together on a loaded, shared machine take a while (7 min at load 35).
    local ok="" deadline=$((SECONDS + start_seconds))
    while [ "$SECONDS" -lt "$deadline" ]; do
      if [ "$(curl -fs "http://127.0.0.1:${app_port[$p]}/hello" 2>/dev/null)" = hello ]; then ok=1; break; fi
      kill -0 "${app_pid[$p]}" 2>/dev/null || break
      sleep 0.2
    done
    if [ -z "$ok" ]; then
      echo "starter-bench: profile $p did not start (or did not answer hello); its log: $raw/app-$p.log" >&2
      exit 1
    fi
  done
}
# wrk's latency in ms (it prints us, ms or s).
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.3f", n }'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # profile round
  local file="$raw/$1-c$conns-round$2.txt" out before after n us rps p50 p99 errs status load_before load_after
  local url="http://127.0.0.1:${app_port[$1]}/hello"
  wrk -t1 -c"$conns" -d"${warmup}"s --timeout "$wrk_timeout" "$url" >/dev/null
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  before="$(cpu_ticks "${app_pid[$1]}")"
  wrk -t1 -c"$conns" -d"${seconds}"s --timeout "$wrk_timeout" --latency "$url" >"$file"
  after="$(cpu_ticks "${app_pid[$1]}")"
  load_after="$(cut -d' ' -f1 /proc/loadavg)"
  echo "load average (1 min) before: $load_before after: $load_after" >>"$file"
  out="$(cat "$file")"
  n="$(awk '/requests in/ {print $1}' <<<"$out")"
  us="$(awk -v t="$((after - before))" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  errs="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ' || true)"
  status=ok
  if [ -n "$errs" ] || [ -z "$rps" ]; then status=FAILED; fi
  echo "$1 $2 $rps $p50 $p99 $us $load_before $load_after $status" >>"$raw/results"
  printf '  %-13s round %s: %9s req/s  p50 %7s ms  p99 %7s ms  cpu %6s us/req  load %s→%s %s%s\n' "$1" "$2" "$rps" \
    "$p50" "$p99" "$us" "$load_before" "$load_after" "$errs" "$([ "$status" = ok ] || echo " -> run FAILED")"
}

command="STARTER_BENCH_ROUNDS=$rounds STARTER_BENCH_SECONDS=$seconds STARTER_BENCH_WARMUP=$warmup STARTER_BENCH_CONNS=$conns STARTER_BENCH_WRK_TIMEOUT=$wrk_timeout corral-bench/scripts/starter-bench.sh"
{
  echo "starter-bench: $command"
  echo "starter-bench: $(uname -srm), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), JVM flags: $jvm_opts"
  echo "starter-bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$raw/header"
: >"$raw/results"
echo "starter-bench: raw wrk outputs in $raw"
start_apps
echo "starter-bench: all apps answer; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  # Rotate the order each round so no profile always runs first (or right after another JVM's exit).
  read -r -a plist <<<"$profiles"
  for ((i = 0; i < ${#plist[@]}; i++)); do
    profile="${plist[$(( (i + round - 1) % ${#plist[@]} ))]}"
    measure "$profile" "$round"
  done
done
echo "starter-bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$raw/header"

median() { sort -g | awk '{a[NR] = $1} END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# Field f of profile p's runs that did not fail.
vals() { awk -v p="$1" -v f="$2" '$1 == p && $9 == "ok" {print $f}' "$raw/results"; }
med() { vals "$@" | median; }
range() { vals "$@" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END { if (NR == 0) print "-"; else print lo "–" hi }'; }
failed() { awk -v p="$1" '$1 == p && $9 != "ok"' "$raw/results" | wc -l; }
loads() { awk '{print $7; print $8}' "$raw/results" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {print lo "–" hi}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "nan" || b == "nan") print "-"; else printf "%.2fx", a / b }'; }
# A limiter's wall cost per request: 1e6 / its req/s minus 1e6 / bare's.
wall_us() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 == 0 || b + 0 == 0) print "-"; else printf "%.2f", 1e6 / a - 1e6 / b }'; }
diff_us() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan") print "-"; else printf "%.1f", a - b }'; }
has() { case " $profiles " in *" $1 "*) return 0 ;; esac; return 1; }
{
echo
echo "Medians over the runs that did not fail, of $rounds rounds (wrk -t1 -c$conns, ${seconds}s after ${warmup}s warm-up);"
echo "ranges are lowest–highest; p50/p99 in ms; load average (1 min) during the runs: $(loads)"
printf '| profile | req/s | range | p50 | p99 | p99 range | CPU µs/req | range | failed |\n|---|---|---|---|---|---|---|---|---|\n'
for p in $profiles; do
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$p" "$(med "$p" 3)" "$(range "$p" 3)" "$(med "$p" 4)" \
    "$(med "$p" 5)" "$(range "$p" 5)" "$(med "$p" 6)" "$(range "$p" 6)" "$(failed "$p")"
done
echo
bare_rps="nan"; bare_cpu="nan"
if has bare; then bare_rps="$(med bare 3)"; bare_cpu="$(med bare 6)"; fi
printf '| limiter | req/s / best peer | p99 / best peer | own cost, wall µs/req vs bare | own cost, CPU µs/req vs bare |\n'
printf '|---|---|---|---|---|\n'
for p in corral resilience4j corral-filter bucket4j; do
  has "$p" || continue
  best_rps=""; best_p99=""
  case "$p" in corral | corral-filter)
    for peer in resilience4j bucket4j; do
      has "$peer" || continue
      r="$(med "$peer" 3)"; l="$(med "$peer" 5)"
      [ "$r" = nan ] && continue
      if [ -z "$best_rps" ] || awk -v a="$r" -v b="$best_rps" 'BEGIN { exit !(a > b) }'; then best_rps="$r"; fi
      if [ -z "$best_p99" ] || awk -v a="$l" -v b="$best_p99" 'BEGIN { exit !(a < b) }'; then best_p99="$l"; fi
    done ;;
  esac
  printf '| %s | %s | %s | %s | %s |\n' "$p" \
    "$([ -n "$best_rps" ] && ratio "$(med "$p" 3)" "$best_rps" || echo -)" \
    "$([ -n "$best_p99" ] && ratio "$(med "$p" 5)" "$best_p99" || echo -)" \
    "$(wall_us "$(med "$p" 3)" "$bare_rps")" "$(diff_us "$(med "$p" 6)" "$bare_cpu")"
done
echo
echo "(p99 / best peer below 1 is better; best peer: the higher req/s and the lower p99 of resilience4j and bucket4j)"
} | tee "$raw/summary.md"
