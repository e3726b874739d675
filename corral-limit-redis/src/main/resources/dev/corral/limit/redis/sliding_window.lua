-- Sliding-window counter: at time x in window w (x = w * W + e), estimate = count(w - 1) * (W - e) / W + count of
-- w's permits at or before x; a permit at x passes if the estimate, it included, is <= limit. Compared in integer
-- arithmetic (all terms multiplied by W). A rejection is not counted.
-- Reservations book future permits in order, as the sliding log does: n permits are counted at the earliest time
-- T >= now, >= the newest permit's time (booked ones included), at which they pass the rule above; they pass if
-- T - now <= max_wait_us (delay T - now). Since every later permit comes at >= T, and T is at most two windows past
-- the newest permit's, two counts describe all that a later decision needs: T's window and the one before it.
-- KEYS[1] a hash {w = the newest permit's window, c = its count, p = the previous window's count, t = the newest
-- permit's time (us)}.
-- ARGV: n (permits), max_wait_us, peek (1: decide, take nothing), limit, window_us.
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local peek = ARGV[3] == '1'
local limit = tonumber(ARGV[4])
local W = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local st = redis.call('HMGET', KEYS[1], 'w', 'c', 'p', 't')
local sw, sc, sp, newest = nil, 0, 0, now
if st[1] then
  sw, sc, sp = tonumber(st[1]), tonumber(st[2]), tonumber(st[3])
  if st[4] and tonumber(st[4]) > now then newest = tonumber(st[4]) end
end
-- The window of time x (>= the newest permit's), its count and the previous window's.
local function counts(x)
  local w = math.floor(x / W)
  local cur, prev = 0, 0
  if sw == w then cur, prev = sc, sp
  elseif sw == w - 1 then prev = sc end
  return w, cur, prev
end
-- The smallest e >= from with prev * (W - e) <= room * W (room >= 0): computed, then checked exactly, since the
-- division is a double's.
local function first_fit(from, prev, room)
  local e = from
  if prev > 0 then
    local need = math.ceil(W - room * W / prev)
    if need > e then e = need end
    while e > 0 and e > from and prev * (W - (e - 1)) <= room * W do e = e - 1 end
    while prev * (W - e) > room * W do e = e + 1 end
  end
  return e
end
-- The earliest time >= x at which n permits pass (n <= limit): in x's window, the next or the one after.
local function earliest(x)
  local w, cur, prev = counts(x)
  if cur + n <= limit then
    local e = first_fit(x - w * W, prev, limit - cur - n)
    if e < W then return w * W + e end
  end
  local e = first_fit(0, cur, limit - n) -- window w + 1: w's count is the previous one, nothing in it yet
  if e < W then return (w + 1) * W + e end
  return (w + 2) * W
end
-- Until the limit is whole again, seen from now, for a state of window w with counts cur and prev.
local function reset_after(w, cur, prev)
  if cur > 0 then return math.max(0, (w + 2) * W - now) end
  if prev > 0 then return math.max(0, (w + 1) * W - now) end
  return 0
end
local w0, cur0, prev0 = counts(newest)
local remaining = 0
if newest == now then
  remaining = math.max(0, math.floor((limit * W - prev0 * (W - (now - w0 * W)) - cur0 * W) / W))
end
local reset = reset_after(w0, cur0, prev0)
if n > limit then
  return {0, remaining, -1, reset, 0}
end
local at = earliest(newest)
local wait = at - now
if wait > max_wait or (peek and wait > 0) then
  if wait < 1 then wait = 1 end
  return {0, remaining, wait, reset, 0}
end
if peek then return {1, remaining, 0, reset, 0} end
local w, cur, prev = counts(at)
cur = cur + n
redis.call('HSET', KEYS[1], 'w', string.format('%.0f', w), 'c', cur, 'p', prev, 't', string.format('%.0f', at))
redis.call('PEXPIRE', KEYS[1], math.ceil(((w + 2) * W - now) / 1000) + 1)
local left = 0
if wait == 0 then left = math.max(0, math.floor((limit * W - prev * (W - (at - w * W)) - cur * W) / W)) end
return {1, left, 0, reset_after(w, cur, prev), wait}
