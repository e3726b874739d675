// Crash-to-ready probe for pm-bench.sh: kill -9 PID, then time until 127.0.0.1:PORT accepts a connection again.
// Usage: node pm-crash-ready.js PID PORT [TIMEOUT_MS]     prints the milliseconds (3 decimals), or exits 1.
// The clock starts just before the kill. The port counts as "back" only after one refused connection was seen,
// so a connection to the dying process is never taken for the restarted one.
'use strict';
const net = require('net');

const pid = Number(process.argv[2]);
const port = Number(process.argv[3]);
const timeoutMs = Number(process.argv[4] || 10000);
if (!(pid > 1) || !(port > 0)) {
  console.error('usage: node pm-crash-ready.js PID PORT [TIMEOUT_MS]');
  process.exit(2);
}

const start = process.hrtime.bigint();
const elapsedMs = () => Number(process.hrtime.bigint() - start) / 1e6;
let refusedOnce = false;

function attempt() {
  if (elapsedMs() > timeoutMs) {
    console.error(`port ${port} did not accept again within ${timeoutMs} ms (refused seen: ${refusedOnce})`);
    process.exit(1);
  }
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.once('connect', () => {
    socket.destroy();
    if (refusedOnce) {
      console.log(elapsedMs().toFixed(3));
      process.exit(0);
    }
    setTimeout(attempt, 1); // still the old process, dying
  });
  socket.once('error', () => {
    refusedOnce = true;
    setTimeout(attempt, 1);
  });
}

process.kill(pid, 'SIGKILL');
attempt();
