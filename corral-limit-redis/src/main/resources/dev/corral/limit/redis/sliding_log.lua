-- Sliding-window log: one sorted-set entry per permit, scored by its Redis time (us); exact, O(limit) memory.
-- A permit logged at s counts while now < s + window_us. A rejection is not logged.
-- Reservations book future permits in order, as corral-limit's SlidingWindowLog: n permits are logged at the
-- earliest time T >= now, >= the newest entry (booked ones included), at which they fit in the window ending at T;
-- they pass if T - now <= max_wait_us (delay T - now). Every later permit is logged at >= T, so entries out of the
-- window at T are dropped.
-- KEYS[1] the log (sorted set), KEYS[2] a sequence making entries unique.
-- ARGV: n (permits), max_wait_us, peek (1: decide, take nothing), limit, window_us.
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local peek = ARGV[3] == '1'
local limit = tonumber(ARGV[4])
local W = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - W))
local used = redis.call('ZCARD', KEYS[1])
local newest = nil
if used > 0 then
  newest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
end
local remaining = limit - used
if newest and newest > now then remaining = 0 end
local reset = 0
if newest then reset = newest + W - now end
if n > limit then
  return {0, remaining, -1, reset, 0}
end
local at = now
if newest and newest > at then at = newest end
if used + n > limit then
  local leave = used + n - limit
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], leave - 1, leave - 1, 'WITHSCORES')[2])
  if oldest + W > at then at = oldest + W end
end
local wait = at - now
if wait > max_wait or (peek and wait > 0) then
  if wait < 1 then wait = 1 end
  return {0, remaining, wait, reset, 0}
end
if peek then return {1, remaining, 0, reset, 0} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', at - W))
local kept = redis.call('ZCARD', KEYS[1])
local seq = redis.call('INCRBY', KEYS[2], n)
local entries = {}
local score = string.format('%.0f', at)
for i = seq - n + 1, seq do
  entries[#entries + 1] = score
  entries[#entries + 1] = i
end
redis.call('ZADD', KEYS[1], unpack(entries))
local ttl = math.ceil((at + W - now) / 1000) + 1
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
local left = limit - kept - n
if wait > 0 then left = 0 end
return {1, left, 0, at + W - now, wait}
