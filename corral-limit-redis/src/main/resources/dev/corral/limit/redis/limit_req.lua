-- nginx limit_req, computed as ngx_http_limit_req_module does: integer milli-requests, milliseconds of Redis time.
-- KEYS[1] a hash {e = excess (milli-requests), l = last (ms)}.
-- ARGV: n (requests), max_wait_us (longest delay the caller accepts), peek (1: decide, take nothing),
--       rate_mr (milli-requests per second), burst_mr, delay_mr (excess passed undelayed; huge for nodelay).
-- The first request for a new key passes; a rejection leaves the state unchanged.
-- Reply {allowed, remaining, retry_after_us, reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local peek = ARGV[3] == '1'
local rate = tonumber(ARGV[4])
local burst = tonumber(ARGV[5])
local delay = tonumber(ARGV[6])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local idle_ms = 60000 -- nginx expires nodes idle for 60 s with no excess
local st = redis.call('HMGET', KEYS[1], 'e', 'l')
local ms, drained, excess
if not st[1] then
  -- a new key: its first request passes with excess 0; n requests at once leave the excess of the other n - 1
  ms, drained, excess = 0, 0, 1000 * (n - 1)
else
  ms = now - tonumber(st[2])
  if ms < -60000 then ms = 1 elseif ms < 0 then ms = 0 end
  drained = tonumber(st[1]) - math.floor(rate * ms / 1000)
  excess = drained + 1000 * n
  if drained < 0 then drained = 0 end
  if excess < 0 then excess = 0 end
end
local reset_us = math.ceil(drained * 1000 / rate) * 1000
if excess > burst then
  return {0, 0, math.ceil((excess - burst) * 1000 / rate) * 1000, reset_us, 0}
end
local delay_us = 0
if excess > delay then delay_us = math.floor((excess - delay) * 1000 / rate) * 1000 end
if delay_us > max_wait then
  return {0, math.floor((burst - excess) / 1000), delay_us - max_wait, reset_us, 0}
end
if peek then
  return {1, math.floor((burst - excess) / 1000), 0, reset_us, 0}
end
if not st[1] or ms ~= 0 then
  redis.call('HSET', KEYS[1], 'e', excess, 'l', string.format('%.0f', now))
else
  redis.call('HSET', KEYS[1], 'e', excess)
end
local drain_ms = math.ceil(excess * 1000 / rate)
redis.call('PEXPIRE', KEYS[1], drain_ms + idle_ms)
return {1, math.floor((burst - excess) / 1000), 0, drain_ms * 1000, delay_us}
