-- Sliding-window counter: estimate = previous window's count * (unelapsed part of the current window) + current
-- count, compared in integer arithmetic (all terms multiplied by window_us). A rejection is not counted.
-- KEYS[1] a hash {w = current window index, c = its count, p = previous window's count}.
-- ARGV: n (permits), max_wait_us (ignored: only permits available now are granted), peek (1: decide, take nothing),
--       limit, window_us.
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local peek = ARGV[3] == '1'
local limit = tonumber(ARGV[4])
local W = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local w = math.floor(now / W)
local elapsed = now - w * W
local st = redis.call('HMGET', KEYS[1], 'w', 'c', 'p')
local cur, prev = 0, 0
if st[1] then
  local sw = tonumber(st[1])
  if sw == w then cur, prev = tonumber(st[2]), tonumber(st[3])
  elseif sw == w - 1 then prev = tonumber(st[2]) end
end
local weighted = prev * (W - elapsed) -- previous window's share, times W
local function reset_after(c)
  if c > 0 then return (W - elapsed) + W end
  if prev > 0 then return W - elapsed end
  return 0
end
if weighted + (cur + n) * W > limit * W then
  local retry
  if n > limit then
    retry = -1
  elseif cur + n <= limit then
    -- wait until prev * (W - e) <= (limit - cur - n) * W
    retry = math.ceil(W - (limit - cur - n) * W / prev) - elapsed
  else
    -- next window: cur becomes the previous count
    local e2 = 0
    if cur > 0 then e2 = math.ceil(W - (limit - n) * W / cur) end
    if e2 < 0 then e2 = 0 end
    retry = (W - elapsed) + e2
  end
  if retry ~= -1 and retry < 1 then retry = 1 end
  return {0, math.max(0, math.floor((limit * W - weighted - cur * W) / W)), retry, reset_after(cur), 0}
end
if peek then return {1, math.floor((limit * W - weighted - cur * W) / W), 0, reset_after(cur), 0} end
cur = cur + n
redis.call('HSET', KEYS[1], 'w', string.format('%.0f', w), 'c', cur, 'p', prev)
redis.call('PEXPIRE', KEYS[1], math.ceil((2 * W - elapsed) / 1000) + 1)
return {1, math.floor((limit * W - weighted - cur * W) / W), 0, reset_after(cur), 0}
