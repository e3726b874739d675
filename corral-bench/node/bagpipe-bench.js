// Node anchors for the Bagpipe benchmark: bagpipe and async.js eachLimit running setImmediate tasks.
// Prints one JSON object per line: {"contender":..., "workload":..., "round":..., "tasks":..., "seconds":..., "ctxSwitches":...}
// Usage: node bagpipe-bench.js TASKS LIMIT ROUNDS UPFRONT_COUNTS(comma-separated) UPFRONT_TIMEOUT_S
'use strict';
const Bagpipe = require('bagpipe');
const async = require('async');

const [tasks, limit, rounds] = process.argv.slice(2, 5).map(Number);
const upfrontCounts = (process.argv[5] || '').split(',').filter(Boolean).map(Number);
const upfrontTimeout = Number(process.argv[6] || 60);

const immediateTask = (cb) => setImmediate(cb);

function ctxSwitches() {
  const u = process.resourceUsage();
  return u.voluntaryContextSwitches + u.involuntaryContextSwitches;
}

// Streams tasks into bagpipe as it frees slots (at most 2×limit outstanding), so bagpipe's O(n) queue shift
// does not dominate: this measures its per-task overhead.
function bagpipeStreamed(n) {
  return new Promise((resolve) => {
    const pipe = new Bagpipe(limit);
    let pushed = 0;
    let done = 0;
    const onDone = () => {
      done++;
      if (done === n) return resolve();
      feed();
    };
    function feed() {
      while (pushed < n && pushed - done < 2 * limit) {
        pushed++;
        pipe.push(immediateTask, onDone);
      }
    }
    feed();
  });
}

// Pushes every task before any runs: bagpipe's array queue makes this quadratic.
function bagpipeUpfront(n) {
  return new Promise((resolve) => {
    const pipe = new Bagpipe(limit);
    let done = 0;
    const onDone = () => {
      if (++done === n) resolve();
    };
    for (let i = 0; i < n; i++) pipe.push(immediateTask, onDone);
  });
}

function asyncEachLimit(n) {
  const items = new Array(n);
  return new Promise((resolve, reject) => {
    async.eachLimit(items, limit, (item, cb) => setImmediate(cb), (err) => (err ? reject(err) : resolve()));
  });
}

async function measure(contender, workload, round, n, fn) {
  const cs = ctxSwitches();
  const start = process.hrtime.bigint();
  await fn(n);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ contender, workload, round, tasks: n, seconds, ctxSwitches: ctxSwitches() - cs }));
}

(async () => {
  await bagpipeStreamed(Math.min(tasks, 100000)); // warm-up
  await asyncEachLimit(Math.min(tasks, 100000));
  for (let round = 1; round <= rounds; round++) {
    await measure('bagpipe (node)', 'setImmediate', round, tasks, bagpipeStreamed);
    await measure('async.eachLimit (node)', 'setImmediate', round, tasks, asyncEachLimit);
  }
  for (const n of upfrontCounts) {
    const timer = setTimeout(() => {
      console.log(JSON.stringify({ contender: 'bagpipe (node)', workload: 'upfront', round: 1, tasks: n, seconds: null, timedOutAfter: upfrontTimeout }));
      process.exit(0);
    }, upfrontTimeout * 1000);
    await measure('bagpipe (node)', 'upfront', 1, n, bagpipeUpfront);
    clearTimeout(timer);
  }
})();
