-- Releases one permit taken by concurrency_acquire.lua; releasing twice is harmless.
-- KEYS[1] the leases. ARGV: lease id. Reply: the number of entries removed (0 or 1).
return redis.call('ZREM', KEYS[1], ARGV[1])
