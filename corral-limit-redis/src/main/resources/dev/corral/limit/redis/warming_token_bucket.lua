-- Token bucket with warm-up: what corral-limit's WarmingTokenBucket (Guava's SmoothWarmingUp) computes, on Redis
-- time, with the same double arithmetic. Stored permits, earned while idle up to max_permits, cost more than fresh
-- ones above threshold_permits (linearly up to cold_factor x the stable interval); a grant moves next_free forward
-- by the cost of what it took, so the next caller pays for it. A new key starts cold (max_permits stored).
-- KEYS[1] a hash: nf = next free time (us of Redis time), sp = stored permits.
-- ARGV: n, max_wait_us, peek (1: decide, take nothing), tokens, period_ns, warmup_us, cold_factor.
-- Reply {allowed, remaining, retry_after_us, reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local peek = ARGV[3] == '1'
local permits_per_second = tonumber(ARGV[4]) * 1e9 / tonumber(ARGV[5])
local stable = 1000000.0 / permits_per_second
local warmup = tonumber(ARGV[6])
local cold = stable * tonumber(ARGV[7])
local threshold = 0.5 * warmup / stable
local max_permits = threshold + 2.0 * warmup / (stable + cold)
local slope = (cold - stable) / (max_permits - threshold)
local cool_down = warmup / max_permits
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local st = redis.call('HMGET', KEYS[1], 'nf', 'sp')
local nf, sp = now, max_permits
if st[1] then
  nf, sp = tonumber(st[1]), tonumber(st[2])
end
-- Java's (long) of a non-negative double
local function trunc(x)
  return math.floor(x)
end
local function resync(next_free, stored)
  if now > next_free then
    return now, math.min(max_permits, stored + (now - next_free) / cool_down)
  end
  return next_free, stored
end
local function permits_to_time(p)
  return stable + p * slope
end
local function stored_wait(stored, take)
  local above = stored - threshold
  local micros = 0
  if above > 0.0 then
    local take_above = math.min(above, take)
    local length = permits_to_time(above) + permits_to_time(above - take_above)
    micros = trunc(take_above * length / 2.0)
    take = take - take_above
  end
  return micros + trunc(stable * take)
end
local function reset_after(next_free, stored)
  local rn, rs = resync(next_free, stored)
  local wait = rn - now
  if wait < 0 then wait = 0 end
  return wait + math.ceil((max_permits - rs) * cool_down)
end
if peek then
  local wait = nf - now
  if wait < 0 then wait = 0 end
  return {wait == 0 and 1 or 0, 0, wait, reset_after(nf, sp), 0}
end
if nf - max_wait > now then
  local rn, rs = resync(nf, sp)
  return {0, 0, nf - now, reset_after(nf, sp), 0}
end
local rn, rs = resync(nf, sp)
local moment = rn
local spend = math.min(n, rs)
local fresh = n - spend
local wait = stored_wait(rs, spend) + trunc(fresh * stable)
nf, sp = rn + wait, rs - spend
redis.call('HSET', KEYS[1], 'nf', string.format('%.0f', nf), 'sp', string.format('%.17g', sp))
local reset = reset_after(nf, sp)
redis.call('PEXPIRE', KEYS[1], math.ceil(reset / 1000) + 1000)
local remaining = 0
if nf <= now then
  local _, s = resync(nf, sp)
  remaining = math.max(1, trunc(s))
end
local delay = moment - now
if delay < 0 then delay = 0 end
return {1, remaining, 0, reset, delay}
