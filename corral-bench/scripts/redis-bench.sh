#!/usr/bin/env bash
# Redis-backed rate limiting, one command: JMH (Corral vs Bucket4j's Lettuce backend, 1 and 64 callers; the
# benchmark starts its own redis-server), then redis-benchmark running Corral's token-bucket EVALSHA directly with
# 1 and 64 connections: the physical limit of one EVALSHA per decision on this machine.
# Usage: corral-bench/scripts/redis-bench.sh   (from the repository root, after building corral-bench)
set -euo pipefail
cd "$(dirname "$0")/../.."

JAVA="${JAVA:-java}"
REDIS_SERVER="${REDIS_SERVER:-redis-server}"
JAR=corral-bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "redis-bench: $JAR missing; build it: mvn -q -B -pl corral-limit,corral-limit-redis install -DskipTests && mvn -q -B -pl corral-bench package -DskipTests" >&2; exit 2; }
command -v "$REDIS_SERVER" >/dev/null || { echo "redis-bench: redis-server not found (apt-get install redis-server)" >&2; exit 2; }
command -v redis-benchmark >/dev/null || { echo "redis-bench: redis-benchmark not found (apt-get install redis-tools)" >&2; exit 2; }

echo "== machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== JMH: dev.corral.bench.redis.*"
"$JAVA" -jar "$JAR" 'dev.corral.bench.redis.*' -f 1 -wi 2 -i 3 -w 2s -r 2s

echo "== redis-benchmark: EVALSHA of Corral's token bucket (same script and arguments as the JMH run)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning --daemonize no &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
script=corral-limit-redis/src/main/resources/dev/corral/limit/redis/token_bucket.lua
sha=$(redis-cli -p "$port" -x script load < "$script")
# ARGV: n, max_wait_us, peek, bandwidths, capacity, refill tokens, period_us, greedy (as RedisRateLimiter sends)
args=(1 0 0 1 1000000000 1000000000 1000000 0)
echo "script sha: $sha"
for clients in 1 64; do
  echo "-- $clients connection(s), no pipelining, key per connection-random (-r 64):"
  redis-benchmark -p "$port" -c "$clients" -n 50000 -r 64 -q \
    evalsha "$sha" 1 "corral:limit:{bench:__rand_int__}" "${args[@]}"
done
