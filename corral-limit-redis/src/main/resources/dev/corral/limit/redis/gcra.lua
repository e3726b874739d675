-- GCRA (generic cell rate algorithm): one "theoretical arrival time" (TAT) per key, in microseconds of Redis time.
-- KEYS[1] the TAT.
-- ARGV: n (permits), max_wait_us (how far ahead permits may be booked), peek (1: decide, take nothing),
--       interval_us (time per permit), burst (permits that may pass back to back).
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local peek = ARGV[3] == '1'
local interval = tonumber(ARGV[4])
local burst = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local limit = burst * interval
local new_tat = tat + n * interval
local ahead = new_tat - now
local wait = ahead - limit
if wait < 0 then wait = 0 end
if n > burst then
  return {0, math.floor((limit - (tat - now)) / interval), -1, tat - now, 0}
end
if wait > max_wait or (peek and wait > 0) then
  return {0, math.floor((limit - (tat - now)) / interval), wait, tat - now, 0}
end
if peek then
  return {1, math.floor((limit - (tat - now)) / interval), 0, tat - now, 0}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil(ahead / 1000) + 1)
return {1, math.floor((limit - ahead) / interval), 0, ahead, wait}
