-- Fixed window: windows aligned to multiples of window_us of Redis time; a rejection is not counted.
-- Permits are numbered: window k owns permits (k*limit, (k+1)*limit]. The state is how far the numbering has been
-- booked, stored relative to a window: d = w*limit + c. Taking n sets d = max(d, k*limit) + n (a batch never
-- straddles two windows), granted now if it stays in window k, or after a wait until its window opens if that wait
-- is at most max_wait (a reservation books future windows, as corral-limit's local fixed window does).
-- KEYS[1] a hash {w = window index, c = permits booked from the start of window w}.
-- ARGV: n (permits), max_wait_us, peek (1: decide, take nothing), limit, window_us.
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local peek = ARGV[3] == '1'
local limit = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local k = math.floor(now / window)
local e = now - k * window -- time into window k
local st = redis.call('HMGET', KEYS[1], 'w', 'c')
local rel = 0 -- booked permits, counted from the start of window k
if st[1] then
  rel = (tonumber(st[1]) - k) * limit + tonumber(st[2])
  if rel < 0 then rel = 0 end
end
local used = math.min(rel, limit)
local function reset_after(booked)
  if booked <= 0 then return 0 end
  return math.floor((booked - 1) / limit) * window + window - e
end
if n > limit then
  return {0, limit - used, -1, reset_after(rel), 0}
end
local base = rel
local w = math.floor(base / limit)
if math.floor((base + n - 1) / limit) ~= w then base = (w + 1) * limit end
local next = base + n
local owner = math.floor((next - 1) / limit)
local wait = 0
if owner > 0 then wait = owner * window - e end
if wait > max_wait or (peek and wait > 0) then
  return {0, limit - used, wait, reset_after(rel), 0}
end
if peek then
  return {1, limit - used, 0, reset_after(rel), 0}
end
redis.call('HSET', KEYS[1], 'w', string.format('%.0f', k), 'c', next)
local reset = reset_after(next)
redis.call('PEXPIRE', KEYS[1], math.ceil(reset / 1000) + 1)
return {1, limit - math.min(next, limit), 0, reset, wait}
