-- Concurrency (in-flight) limit: one sorted-set entry per held permit, scored by its lease expiry (us of Redis
-- time), so permits of a crashed holder come back when their lease runs out.
-- KEYS[1] the leases. ARGV: limit, lease_us, lease id, n (entries <id>#1..<id>#n).
-- Reply {allowed, remaining, retry_after_us (-1: unknown), reset_after_us, delay_us}.
local limit = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local id = ARGV[3]
local n = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))
local held = redis.call('ZCARD', KEYS[1])
if held + n > limit then
  return {0, limit - held, -1, 0, 0}
end
local entries = {}
local score = string.format('%.0f', now + lease)
for i = 1, n do
  entries[#entries + 1] = score
  entries[#entries + 1] = id .. '#' .. i
end
redis.call('ZADD', KEYS[1], unpack(entries))
redis.call('PEXPIRE', KEYS[1], math.ceil(lease / 1000) + 1)
return {1, limit - held - n, 0, 0, 0}
