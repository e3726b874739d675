-- nginx limit_req, computed as ngx_http_limit_req_module does: integer milli-requests, milliseconds of Redis time.
-- KEYS[1] a hash {e = excess (milli-requests), l = last (ms)}.
-- ARGV: rate_mr (milli-requests per second), burst_mr, delay_mr (requests passed undelayed, x1000), n (requests).
-- The first request for a new key passes; a rejection leaves the state unchanged.
-- Reply {allowed, remaining, retry_after_us, reset_after_us, delay_us}.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local delay = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local idle_ms = 60000 -- nginx expires nodes idle for 60 s with no excess
local st = redis.call('HMGET', KEYS[1], 'e', 'l')
if not st[1] then
  redis.call('HSET', KEYS[1], 'e', 0, 'l', string.format('%.0f', now))
  redis.call('PEXPIRE', KEYS[1], idle_ms)
  return {1, math.floor(burst / 1000), 0, 0, 0}
end
local ms = now - tonumber(st[2])
if ms < -60000 then ms = 1 elseif ms < 0 then ms = 0 end
local excess = tonumber(st[1]) - math.floor(rate * ms / 1000) + 1000 * n
if excess < 0 then excess = 0 end
if excess > burst then
  local retry = math.ceil((excess - burst) * 1000 / rate) * 1000
  local old = tonumber(st[1]) - math.floor(rate * ms / 1000)
  if old < 0 then old = 0 end
  return {0, 0, retry, math.floor(old * 1000 / rate) * 1000, 0}
end
redis.call('HSET', KEYS[1], 'e', excess)
if ms ~= 0 then redis.call('HSET', KEYS[1], 'l', string.format('%.0f', now)) end
local drain_ms = math.ceil(excess * 1000 / rate)
redis.call('PEXPIRE', KEYS[1], drain_ms + idle_ms)
local delay_us = 0
if excess > delay then delay_us = math.floor((excess - delay) * 1000 / rate) * 1000 end
return {1, math.floor((burst - excess) / 1000), 0, drain_ms * 1000, delay_us}
