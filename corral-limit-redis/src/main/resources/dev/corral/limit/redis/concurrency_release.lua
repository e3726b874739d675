-- Releases the n permits of one lease taken by concurrency_acquire.lua; releasing twice is harmless.
-- KEYS[1] the leases. ARGV: lease id, n. Reply: the number of entries removed.
local members = {}
for i = 1, tonumber(ARGV[2]) do members[#members + 1] = ARGV[1] .. '#' .. i end
return redis.call('ZREM', KEYS[1], unpack(members))
