-- wrk script for cluster-bench.sh: counts the responses that are not 2xx (wrk itself counts only >= 400) and
-- prints one machine-readable line at the end with the socket errors and the latency percentiles (microseconds):
--   RESULT requests=N non2xx=N connect=N read=N write=N timeout=N p50_us=N p99_us=N max_us=N
-- A failed request is a non-2xx answer or a socket error (connect, read, write, timeout).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
