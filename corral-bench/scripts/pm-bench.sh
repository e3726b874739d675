#!/usr/bin/env bash
# corral pm against pm2 (issue #5), both in the same run on the same app:
#   - CLI latency: `corral jlist`, `corral list`, `pm2 jlist`, `pm2 list` with 1 and with 25 apps (hyperfine,
#     warm-up, several rounds in alternating order; the median is over every run of every round);
#   - daemon RSS (VmRSS of corral's daemon and of pm2's God daemon) idle and with 25 apps;
#   - crash -> ready: kill -9 the app, time until its port accepts again (pm-crash-ready.js), alternating managers;
#   - corral's daemon RSS before and after PM_BENCH_RESTARTS crash-restarts of an app that exits at once.
# The app, for both managers: examples/hello/target/hello.jar (a JDK HttpServer on $PORT) run as `java … -jar hello.jar`
# with interpreter "none", so both supervise the same plain JVM process (pm2 adds no wrapper in that mode).
# pm2 comes from npm (corral-bench/node); CORRAL_HOME and PM2_HOME are fresh temporary folders, removed at the end
# with both daemons and every app they started, also on failure or Ctrl-C.
#
# Usage: corral-bench/scripts/pm-bench.sh
# Knobs (environment): PM_BENCH_ROUNDS (3) hyperfine rounds, PM_BENCH_RUNS (10) runs per command per round,
#   PM_BENCH_CRASHES (10) crash->ready repetitions per manager, PM_BENCH_RESTARTS (10000; 0 skips) restarts of
#   the crashing app, PM_BENCH_RESTART_SECONDS (300) cap on that phase, PM_BENCH_PORT (39100) first app port.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${PM_BENCH_ROUNDS:-3}"
runs="${PM_BENCH_RUNS:-10}"
crashes="${PM_BENCH_CRASHES:-10}"
restarts="${PM_BENCH_RESTARTS:-10000}"
restart_seconds="${PM_BENCH_RESTART_SECONDS:-300}"
port_base="${PM_BENCH_PORT:-39100}"
apps=25
cd "$root"
. corral-bench/scripts/jdk.sh

for tool in hyperfine jq node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "pm-bench: '$tool' is needed (apt-get install $tool)" >&2; exit 1; }
done
echo "installing pm2 into corral-bench/node/node_modules" >&2
(cd corral-bench/node && npm install --silent --no-audit --no-fund >/dev/null)
corral="$root/bin/corral"
pm2="$root/corral-bench/node/node_modules/.bin/pm2"
"$corral" --version >/dev/null # builds corral.jar and hello.jar on first use or when sources changed
hello="$root/examples/hello/target/hello.jar"
[ -f "$hello" ] || { echo "pm-bench: $hello is missing after the build" >&2; exit 1; }

work="$(mktemp -d -t pm-bench.XXXXXX)"
export CORRAL_HOME="$work/corral" PM2_HOME="$work/pm2"
mkdir -p "$CORRAL_HOME" "$PM2_HOME"
results="$work/results.tsv"
: > "$results"

# Everything this run started carries $work in its command line (the apps get -Dpm.bench=$work): after both
# managers are told to stop, whatever is left with that marker is killed by pid.
cleanup() {
  set +e
  report
  timeout 30 "$corral" kill >/dev/null 2>&1
  timeout 30 "$pm2" kill >/dev/null 2>&1
  local f pid
  for f in "$CORRAL_HOME/daemon.pid" "$PM2_HOME/pm2.pid"; do
    [ -f "$f" ] && pid="$(cat "$f")" && [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  done
  for f in /proc/[0-9]*/cmdline; do
    pid="${f#/proc/}"; pid="${pid%/cmdline}"
    [ "$pid" = "$$" ] && continue
    if { tr '\0' ' ' < "$f"; } 2>/dev/null | grep -qF -- "$work"; then kill -9 "$pid" 2>/dev/null; fi
  done
  rm -rf "$work"
}
report() { # the table of whatever was measured, also after a failure
  [ -s "$results" ] || return 0
  echo
  echo "load average before: ${uptime_before##*load average: }; after: $(uptime | sed 's/.*load average: //')"
  echo "rounds $rounds × runs $runs per command (hyperfine, 2 warm-ups), crash->ready $crashes each; lower is better"
  echo
  echo "| what | corral | pm2 | corral / pm2 |"
  echo "|---|---:|---:|---:|"
  local metric c p unit ratio pu
  while IFS=$'\t' read -r metric c p unit; do
    ratio="$(awk -v c="$c" -v p="$p" 'BEGIN { if (p + 0 > 0 && c ~ /^[0-9.]+$/) printf "%.2f×", c / p; else print "—" }')"
    [ "$p" = "—" ] && pu="$p" || pu="$p $unit"
    echo "| $metric | $c $unit | $pu | $ratio |"
  done < "$results"
}
uptime_before="$(uptime)"
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
corral_daemon() { cat "$CORRAL_HOME/daemon.pid"; }
pm2_daemon() { cat "$PM2_HOME/pm2.pid"; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$results"; } # metric, corral, pm2, unit

# apps.json FIRST LAST PORT0: apps bench-FIRST..bench-LAST on ports PORT0+FIRST…, the same file for both managers.
app_file() {
  local file="$work/apps-$1-$2-$3.json" i
  {
    echo '{"apps": ['
    for ((i = $1; i <= $2; i++)); do
      [ "$i" -gt "$1" ] && echo ','
      printf '{"name": "bench-%d", "script": "%s", "interpreter": "none", "args": ["-Dpm.bench=%s", "-XX:+UseSerialGC", "-Xmx32m", "-XX:TieredStopAtLevel=1", "-jar", "%s"], "env": {"PORT": "%d"}}' \
        "$i" "$JAVA" "$work" "$hello" "$(($3 + i))"
    done
    echo ']}'
  } > "$file"
  echo "$file"
}

wait_port() { # PORT: until 127.0.0.1:PORT accepts, at most 120 s
  local i
  for ((i = 0; i < 1200; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "pm-bench: nothing accepts on 127.0.0.1:$1 after 120 s" >&2
  return 1
}

start_apps() { # FIRST LAST: under both managers, then wait until every port accepts
  "$corral" start "$(app_file "$1" "$2" "$port_base")" >/dev/null
  "$pm2" start "$(app_file "$1" "$2" "$((port_base + 100))")" >/dev/null
  local i
  for ((i = $1; i <= $2; i++)); do
    wait_port "$((port_base + i))"
    wait_port "$((port_base + 100 + i))"
  done
}

# latency LABEL: hyperfine rounds over the four list commands, alternating their order; medians over all runs.
latency() {
  local cmds=("$corral jlist" "$corral list" "$pm2 jlist" "$pm2 list") r order json
  for ((r = 1; r <= rounds; r++)); do
    if ((r % 2)); then order=("${cmds[@]}"); else order=("${cmds[3]}" "${cmds[2]}" "${cmds[1]}" "${cmds[0]}"); fi
    json="$work/hf-$1-$r.json"
    if ! hyperfine -N --style none --warmup 2 --runs "$runs" --export-json "$json" "${order[@]}" \
      >"$work/hyperfine.log" 2>&1; then
      cat "$work/hyperfine.log" >&2
      return 1
    fi
  done
  local what
  for what in jlist list; do
    record "\`$what\`, $1" "$(median_ms "$1" "$corral $what")" "$(median_ms "$1" "$pm2 $what")" ms
  done
}
median_ms() { # LABEL COMMAND: median in ms of every run of COMMAND in the rounds of LABEL
  jq -s --arg c "$2" '[.[].results[] | select(.command == $c) | .times[]] | sort
    | (if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end) * 1000
    | . * 10 | round / 10' "$work"/hf-"$1"-*.json
}

app_pid() { # MANAGER NAME: pid of the app from the manager's jlist
  if [ "$1" = corral ]; then
    "$corral" jlist | jq -r --arg n "$2" '.[] | select(.name == $n) | .pid'
  else
    "$pm2" jlist | jq -r --arg n "$2" '.[] | select(.name == $n) | .pid'
  fi
}

crash_ready() { # crash bench-0 under each manager in turn, CRASHES times; median ms per manager
  local m pid port i ms
  local -A samples=([corral]="" [pm2]="")
  for ((i = 0; i < crashes; i++)); do
    for m in corral pm2; do
      [ "$m" = pm2 ] && port=$((port_base + 100)) || port=$port_base
      pid="$(app_pid "$m" bench-0)"
      ms="$(node corral-bench/scripts/pm-crash-ready.js "$pid" "$port" 20000)"
      samples[$m]+="$ms "
      sleep 1.2 # past min_uptime (1 s in both), so the next crash is an ordinary one, not an unstable restart
    done
  done
  record "crash → ready (median of $crashes)" "$(median_of ${samples[corral]})" "$(median_of ${samples[pm2]})" ms
  echo "crash->ready samples: corral ${samples[corral]}| pm2 ${samples[pm2]}" >&2
}
median_of() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f\n", m}'; }

restart_loop() { # corral only: its daemon's RSS across RESTARTS restarts of an app that exits at once
  [ "$restarts" -gt 0 ] || return 0
  "$corral" delete all >/dev/null
  local before warm="" warm_at=0 after count=0 deadline=$((SECONDS + restart_seconds))
  sleep 3
  before="$(rss_kb "$(corral_daemon)")"
  printf '{"apps": [{"name": "crasher", "script": "/bin/sh", "interpreter": "none", "args": ["-c", "exit 3", "%s"], "min_uptime": 0}]}\n' \
    "$work" > "$work/crasher.json"
  "$corral" start "$work/crasher.json" >/dev/null
  while [ "$count" -lt "$restarts" ] && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 2
    count="$("$corral" jlist | jq '[.[] | select(.name == "crasher") | .restarts] | max // 0')"
    if [ -z "$warm" ] && [ "$count" -ge $((restarts / 10)) ]; then # warmed up: classes loaded, code compiled
      warm="$(rss_kb "$(corral_daemon)")"
      warm_at="$count"
    fi
  done
  if ! timeout 60 "$corral" delete all >/dev/null; then
    echo "pm-bench: 'corral delete all' did not return within 60 s after the restart loop" >&2
    record "\`delete all\` after the restart loop" "hung (> 60 s)" "—" ""
    return 1
  fi
  sleep 3
  after="$(rss_kb "$(corral_daemon)")"
  record "daemon RSS: before → after $warm_at → after $count crash-restarts (restart loop, $((SECONDS - deadline + restart_seconds)) s)" \
    "$((before / 1024)) → $((${warm:-0} / 1024)) → $((after / 1024))" "—" MB
}

echo "pm-bench: $(date -u +%FT%TZ), $("$JAVA" -version 2>&1 | head -1), pm2 $("$pm2" --version 2>/dev/null | tail -1), node $(node --version)" >&2
"$corral" ping >/dev/null
"$pm2" ping >/dev/null
sleep 5 # past the daemon's native-heap trim (every 2 s) and pm2's start-up work; the same wait for both
record "daemon RSS, idle" "$(($(rss_kb "$(corral_daemon)") / 1024))" "$(($(rss_kb "$(pm2_daemon)") / 1024))" MB

echo "1 app under each manager" >&2
start_apps 0 0
latency "1 app"
echo "crash -> ready, $crashes times each" >&2
crash_ready

echo "$apps apps under each manager" >&2
start_apps 1 $((apps - 1))
sleep 5 # past the daemon's native-heap trim (every 2 s) and pm2's start-up work; the same wait for both
latency "$apps apps"
record "daemon RSS, $apps apps" "$(($(rss_kb "$(corral_daemon)") / 1024))" "$(($(rss_kb "$(pm2_daemon)") / 1024))" MB
"$pm2" delete all >/dev/null

echo "corral: $restarts crash-restarts (at most $restart_seconds s)" >&2
restart_loop

