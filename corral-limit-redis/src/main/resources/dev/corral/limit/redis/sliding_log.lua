-- Sliding-window log: one sorted-set entry per permit, scored by its Redis time (us); exact, O(limit) memory.
-- A permit taken at s counts while now < s + window_us. A rejection is not logged.
-- KEYS[1] the log (sorted set), KEYS[2] a sequence making entries unique.
-- ARGV: n (permits), max_wait_us (ignored: only permits available now are granted), peek (1: decide, take nothing),
--       limit, window_us.
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local peek = ARGV[3] == '1'
local limit = tonumber(ARGV[4])
local W = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - W))
local used = redis.call('ZCARD', KEYS[1])
if used + n > limit then
  local retry = -1
  if n <= limit then
    local oldest = redis.call('ZRANGE', KEYS[1], used + n - limit - 1, used + n - limit - 1, 'WITHSCORES')
    retry = tonumber(oldest[2]) + W - now
  end
  local reset = 0
  if used > 0 then
    local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
    reset = tonumber(newest[2]) + W - now
  end
  return {0, limit - used, retry, reset, 0}
end
if peek then return {1, limit - used, 0, 0, 0} end
local seq = redis.call('INCRBY', KEYS[2], n)
local entries = {}
local score = string.format('%.0f', now)
for i = seq - n + 1, seq do
  entries[#entries + 1] = score
  entries[#entries + 1] = i
end
redis.call('ZADD', KEYS[1], unpack(entries))
local ttl = math.ceil(W / 1000) + 1
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return {1, limit - used - n, 0, W, 0}
