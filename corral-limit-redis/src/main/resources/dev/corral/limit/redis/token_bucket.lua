-- Token bucket with one or more bandwidths, refilled greedily (continuously) or intervally (whole amount each
-- period), in microseconds of Redis time with integer arithmetic (the remainder of a partial token is kept).
-- KEYS[1] a hash: per bandwidth i, t<i> = tokens, f<i> = remainder (token*period units), s<i> = last refill (us).
-- ARGV: n (tokens), max_wait_us (how far ahead tokens may be booked; booked tokens leave the count negative),
--       peek (1: decide, take nothing), count, then per bandwidth: capacity, refill_tokens, period_us,
--       mode (0 greedy, 1 interval).
-- Tokens are taken only if every bandwidth can give n within max_wait_us; a rejection leaves the state unchanged.
-- Reply {allowed, remaining, retry_after_us (-1: never), reset_after_us, delay_us}.
local n = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local peek = ARGV[3] == '1'
local count = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local fields = {}
for i = 1, count do
  fields[#fields + 1] = 't' .. i
  fields[#fields + 1] = 'f' .. i
  fields[#fields + 1] = 's' .. i
end
local st = redis.call('HMGET', KEYS[1], unpack(fields))
local tokens, frac, stamp, cap, refill, period, mode = {}, {}, {}, {}, {}, {}, {}
local never = false
for i = 1, count do
  local a = 4 + (i - 1) * 4
  cap[i] = tonumber(ARGV[a + 1]); refill[i] = tonumber(ARGV[a + 2])
  period[i] = tonumber(ARGV[a + 3]); mode[i] = tonumber(ARGV[a + 4])
  local tk, fr, ts = st[(i - 1) * 3 + 1], st[(i - 1) * 3 + 2], st[(i - 1) * 3 + 3]
  if not tk then
    tk, fr, ts = cap[i], 0, now
  else
    tk, fr, ts = tonumber(tk), tonumber(fr), tonumber(ts)
    local elapsed = now - ts
    if elapsed < 0 then elapsed = 0 end
    if mode[i] == 0 then
      local missing = (cap[i] - tk) * period[i] - fr
      local gained = elapsed * refill[i] + fr
      if elapsed * refill[i] >= missing then
        tk, fr = cap[i], 0
      else
        local add = math.floor(gained / period[i])
        tk, fr = tk + add, gained - add * period[i]
      end
      ts = now
    else
      local periods = math.floor(elapsed / period[i])
      tk = tk + periods * refill[i]
      ts = ts + periods * period[i]
      if tk >= cap[i] then tk, fr = cap[i], 0 end
    end
  end
  tokens[i], frac[i], stamp[i] = tk, fr, ts
  if n > cap[i] then never = true end
end
-- time until bandwidth i holds `want` tokens
local function wait_for(i, want)
  local tk = tokens[i]
  if tk >= want then return 0 end
  if mode[i] == 0 then
    return math.ceil(((want - tk) * period[i] - frac[i]) / refill[i])
  end
  local periods = math.ceil((want - tk) / refill[i])
  local w = stamp[i] + periods * period[i] - now
  if w < 0 then w = 0 end
  return w
end
local wait = 0
for i = 1, count do
  local w = wait_for(i, n)
  if w > wait then wait = w end
end
local allowed = 1
local retry = 0
if never then
  allowed, retry = 0, -1
elseif wait > max_wait or (peek and wait > 0) then
  allowed, retry = 0, wait
elseif not peek then
  local out = {}
  for i = 1, count do
    tokens[i] = tokens[i] - n
    out[#out + 1] = 't' .. i; out[#out + 1] = tokens[i]
    out[#out + 1] = 'f' .. i; out[#out + 1] = string.format('%.0f', frac[i])
    out[#out + 1] = 's' .. i; out[#out + 1] = string.format('%.0f', stamp[i])
  end
  redis.call('HSET', KEYS[1], unpack(out))
end
local remaining, reset = nil, 0
for i = 1, count do
  if remaining == nil or tokens[i] < remaining then remaining = tokens[i] end
  local w = wait_for(i, cap[i])
  if w > reset then reset = w end
end
if allowed == 1 and not peek then
  redis.call('PEXPIRE', KEYS[1], math.ceil(reset / 1000) + 1000)
else
  wait = 0
end
if remaining < 0 then remaining = 0 end
return {allowed, remaining, retry, reset, wait}
