package dev.corral.limit.redis;

/**
 * How one {@link RedisAlgorithm} is run: its script, its fixed parameters (after the common
 * {@code n, max_wait_us, peek}), how many keys it uses, and whether {@code decide} admits a delay. Immutable.
 */
record ScriptCall(LuaScript script, String[] parameters, int keyCount, boolean decideAcceptsDelay) {

  /** nginx's {@code NGX_MAX_INT_T_VALUE / 1000 * 1000}: the delay threshold of nodelay. */
  static final long NODELAY_MR = (Long.MAX_VALUE / 1000) * 1000;

  static ScriptCall of(RedisAlgorithm algorithm) {
    return switch (algorithm) {
      case RedisAlgorithm.Gcra g -> new ScriptCall(LuaScript.GCRA,
          strings(g.intervalMicros(), g.burst() + 1), 1, false);
      case RedisAlgorithm.LimitReq r -> new ScriptCall(LuaScript.LIMIT_REQ,
          strings(r.rateMr(), r.burst() * 1000, r.nodelay() ? NODELAY_MR : r.delay() * 1000), 1, true);
      case RedisAlgorithm.TokenBucket b -> {
        long[] p = new long[1 + 4 * b.bandwidths().size()];
        p[0] = b.bandwidths().size();
        int i = 1;
        for (RedisAlgorithm.Bandwidth bw : b.bandwidths()) {
          p[i++] = bw.capacity();
          p[i++] = bw.tokens();
          p[i++] = bw.period().toNanos() / 1000;
          p[i++] = bw.greedy() ? 0 : 1;
        }
        yield new ScriptCall(LuaScript.TOKEN_BUCKET, strings(p), 1, false);
      }
      case RedisAlgorithm.WarmingTokenBucket w -> new ScriptCall(LuaScript.WARMING_TOKEN_BUCKET, new String[] {
          Long.toString(w.tokens()), Long.toString(w.period().toNanos()), Long.toString(w.warmup().toNanos() / 1000),
          Double.toString(w.coldFactor())}, 1, false);
      case RedisAlgorithm.Window w -> switch (w.kind()) {
        case FIXED -> new ScriptCall(LuaScript.FIXED_WINDOW, strings(w.limit(), w.windowMicros()), 1, false);
        case SLIDING_COUNTER -> new ScriptCall(LuaScript.SLIDING_WINDOW, strings(w.limit(), w.windowMicros()), 1,
            false);
        case SLIDING_LOG -> new ScriptCall(LuaScript.SLIDING_LOG, strings(w.limit(), w.windowMicros()), 2, false);
      };
    };
  }

  private static String[] strings(long... values) {
    String[] s = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      s[i] = Long.toString(values[i]);
    }
    return s;
  }
}
