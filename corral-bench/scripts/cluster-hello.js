// The node twin of examples/hello for cluster-bench.sh, run by pm2 in cluster mode: GET / answers
// "hello from worker I (pid P)" (I = pm2's NODE_APP_INSTANCE), /health answers ok, ?delay=MS (0 to 60000) waits
// first. SIGINT (pm2's stop and reload signal) stops it gracefully, as examples/hello does on SIGTERM: the server
// stops accepting, idle keep-alive connections close, requests in flight get up to 5 s, then exit 0.
// Usage: PORT=8080 node cluster-hello.js (under pm2: exec_mode cluster, the workers share PORT through pm2).
'use strict';
const http = require('http');

const port = Number(process.env.PORT || 8080);
const worker = process.env.NODE_APP_INSTANCE || '0';
const greeting = `hello from worker ${worker} (pid ${process.pid})\n`;
const MAX_DELAY_MS = 60000;
const GRACE_MS = 5000;

function reply(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/health') return reply(res, 200, 'ok\n');
  if (url.pathname !== '/') return reply(res, 404, `not found: ${url.pathname}\n`);
  const delay = url.searchParams.get('delay');
  if (delay === null) return reply(res, 200, greeting);
  const ms = /^\d+$/.test(delay) ? Number(delay) : -1;
  if (ms < 0 || ms > MAX_DELAY_MS) {
    return reply(res, 400, `delay: ${delay} (expected: milliseconds, 0 to ${MAX_DELAY_MS})\n`);
  }
  setTimeout(() => reply(res, 200, greeting), ms);
});

server.listen(port, '127.0.0.1', () => console.log(`cluster-hello worker ${worker} listening on 127.0.0.1:${port}`));

process.on('SIGINT', () => {
  console.log(`cluster-hello worker ${worker} stopping`);
  server.close(() => process.exit(0)); // stops accepting; node >= 19 also closes idle keep-alive connections
  setTimeout(() => process.exit(0), GRACE_MS).unref();
});
