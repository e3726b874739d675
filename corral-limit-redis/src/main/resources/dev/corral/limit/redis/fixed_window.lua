-- Fixed window: windows aligned to multiples of window_us of Redis time; a rejection is not counted.
-- KEYS[1] a hash {w = window index, c = permits taken in it}.
-- ARGV: n (permits), max_wait_us (ignored: only permits available now are granted), peek (1: decide, take nothing),
--       limit, window_us.
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local peek = ARGV[3] == '1'
local limit = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local w = math.floor(now / window)
local left = (w + 1) * window - now
local st = redis.call('HMGET', KEYS[1], 'w', 'c')
local used = 0
if st[1] and tonumber(st[1]) == w then used = tonumber(st[2]) end
if used + n > limit then
  local retry = left
  if n > limit then retry = -1 end
  return {0, limit - used, retry, left, 0}
end
if peek then return {1, limit - used, 0, left, 0} end
used = used + n
redis.call('HSET', KEYS[1], 'w', string.format('%.0f', w), 'c', used)
redis.call('PEXPIRE', KEYS[1], math.ceil(left / 1000) + 1)
return {1, limit - used, 0, left, 0}
