-- GCRA (generic cell rate algorithm): one "theoretical arrival time" (TAT) per key, in microseconds of Redis time.
-- KEYS[1] the TAT. ARGV: interval_us (time per permit), burst (permits that may pass back to back), n (permits).
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local limit = burst * interval
local new_tat = tat + n * interval
local ahead = new_tat - now
if ahead > limit then
  local retry = ahead - limit
  if n > burst then retry = -1 end
  return {0, math.floor((limit - (tat - now)) / interval), retry, tat - now, 0}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil(ahead / 1000) + 1)
return {1, math.floor((limit - ahead) / interval), 0, ahead, 0}
