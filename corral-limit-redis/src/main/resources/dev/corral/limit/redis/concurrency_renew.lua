-- Renews the leases of held permits (concurrency_acquire.lua), many keys in one call: each lease still held gets a
-- fresh expiry; a lease that already ran out (or was released) is not brought back.
-- KEYS the lease sets. ARGV: lease_us, then for each key in order: the number of its lease ids, then those ids.
-- Reply: the lease ids that were no longer held (lost), in order.
local lease = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local expiry = string.format('%.0f', now + lease)
local lost = {}
local a = 2
for k = 1, #KEYS do
  local key = KEYS[k]
  local count = tonumber(ARGV[a])
  a = a + 1
  redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%.0f', now))
  local renewed = 0
  for i = 1, count do
    local id = ARGV[a]
    a = a + 1
    if redis.call('ZSCORE', key, id) then
      redis.call('ZADD', key, 'XX', expiry, id)
      renewed = renewed + 1
    else
      lost[#lost + 1] = id
    end
  end
  if renewed > 0 then
    redis.call('PEXPIRE', key, math.ceil(lease / 1000) + 1)
  end
end
return lost
