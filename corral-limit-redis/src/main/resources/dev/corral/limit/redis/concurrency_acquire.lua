-- Concurrency (in-flight) limit: one sorted-set entry per held permit, scored by its lease expiry (us of Redis
-- time), so the permits of a holder that died come back when their lease runs out.
-- KEYS[1] the leases. ARGV: limit, lease_us, lease id, peek (1: count only, take nothing).
-- Reply {allowed, remaining, retry_after_us (-1: unknown), reset_after_us, delay_us}.
local limit = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local peek = ARGV[4] == '1'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))
local held = redis.call('ZCARD', KEYS[1])
if peek then
  return {held < limit and 1 or 0, limit - held, -1, 0, 0}
end
if held + 1 > limit then
  return {0, limit - held, -1, 0, 0}
end
redis.call('ZADD', KEYS[1], string.format('%.0f', now + lease), ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(lease / 1000) + 1)
return {1, limit - held - 1, 0, 0, 0}
