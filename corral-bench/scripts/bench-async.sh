#!/usr/bin/env bash
# Bagpipe against its anchors in one run: node's bagpipe and async.js eachLimit (installed from npm into
# corral-bench/node/node_modules), java.util.concurrent.Semaphore and Resilience4j's SemaphoreBulkhead.
# Usage: corral-bench/scripts/bench-async.sh [TASKS] [ROUNDS]      (defaults: 1000000 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tasks="${1:-1000000}"
rounds="${2:-5}"
cd "$root"
. corral-bench/scripts/jdk.sh

if ! command -v node >/dev/null 2>&1; then
  echo "node is needed for the bagpipe and async.js anchors (apt-get install nodejs npm)" >&2
  exit 1
fi
echo "installing the node anchors (bagpipe, async) into corral-bench/node/node_modules" >&2
(cd corral-bench/node && npm install --silent --no-audit --no-fund >/dev/null)

echo "building corral-bench" >&2
mvn -q -B -DskipTests -pl corral-bench -am package

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "running node anchors: $tasks tasks × $rounds rounds, then bagpipe upfront at 25k/50k/100k (120 s cap)" >&2
node corral-bench/node/bagpipe-bench.js "$tasks" 10 "$rounds" 25000,50000,100000 120 > "$out/node.jsonl"
echo "running java contenders" >&2
"$JAVA" -Xms2g -Xmx4g -cp corral-bench/target/benchmarks.jar dev.corral.bench.async.BagpipeRace \
  --tasks "$tasks" --limit 10 --rounds "$rounds" --upfront 250000,500000,1000000 --node "$out/node.jsonl"
