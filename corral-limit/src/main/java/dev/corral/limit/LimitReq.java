package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * nginx {@code limit_req}, computed exactly as {@code ngx_http_limit_req_module.c} computes it: integer
 * milli-requests, a millisecond clock, {@code excess}, {@code burst}, {@code nodelay} and {@code delay=N}.
 *
 * <pre>
 * rate  = N*1000/scale       milli-requests per second (scale 1 for r/s, 60 for r/m; 1r/m is 16)
 * new state (first request): excess = 0, last = now              → PASSED
 * ms     = now - last        (ms &lt; -60000 → 1; ms &lt; 0 → 0)
 * excess = max(0, excess - rate*ms/1000 + 1000)
 * excess &gt; burst*1000       → REJECTED, state unchanged ("rejects are not counted")
 * else store excess; last = now if ms != 0
 * delay  = excess &lt;= delay*1000 ? 0 : (excess - delay*1000) * 1000 / rate   ms → PASSED or DELAYED
 * </pre>
 *
 * {@code nodelay} sets the delay threshold to nginx's {@code NGX_MAX_INT_T_VALUE / 1000}; without {@code nodelay}
 * or {@code delay=N} every request beyond the rate is delayed (nginx's default {@code delay=0}).
 * Asking for {@code n > 1} permits is {@code n} requests arriving in the same millisecond.
 *
 * <p>{@link #decide(long)} returns nginx's decision, including {@code DELAYED}: the request is admitted and
 * counted, and the caller must wait {@link Decision#delayNanos()} (nginx parks it on a timer).
 * {@link #tryAcquire(long)} admits only requests that need no delay (a request that would be delayed is refused
 * and not counted); {@link #reserve(long, long)} admits when the delay fits in {@code maxWait}.
 *
 * <p>State is one packed {@code long} (last millisecond, excess) updated by CAS; no locks, no allocation for
 * a boolean decision.
 */
public final class LimitReq extends LocalRateLimiter {

  private static final VarHandle STATE;
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int PAD = 16;
  private static final long NEW = -1L;
  /** nginx: {@code delay = NGX_MAX_INT_T_VALUE / 1000}, then {@code limit->delay = delay * 1000}. */
  static final long NODELAY_MR = (Long.MAX_VALUE / 1000) * 1000;
  private static final long NANOS_PER_MS = 1_000_000L;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(LimitReq.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LimitReqShape shape;
  /** Standalone: the state alone in its cache lines; null when compact (keyed). */
  private final long[] cell;
  @SuppressWarnings("unused")
  private volatile long state = NEW;
  /** A time at or shortly (≤ refreshMs) before the last stored state; guards the wrap of the packed clock. */
  private volatile long touchedMs;

  private LimitReq(LimitReqShape sh, Ticker ticker, long nowMs, boolean padded) {
    super(ticker);
    this.shape = sh;
    this.touchedMs = nowMs;
    if (padded) {
      this.cell = new long[2 * PAD + 1];
      CELL.setVolatile(cell, PAD, NEW);
    } else {
      this.cell = null;
    }
  }

  @Override
  LocalRateLimiter sibling(long now) {
    return new LimitReq(shape, ticker, Math.floorDiv(now - shape.originNanos, NANOS_PER_MS), false);
  }

  private long load() {
    long[] c = cell;
    return c != null ? (long) CELL.getVolatile(c, PAD) : (long) STATE.getVolatile(this);
  }

  private boolean cas(long expect, long update) {
    long[] c = cell;
    return c != null ? CELL.compareAndSet(c, PAD, expect, update) : STATE.compareAndSet(this, expect, update);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code LimitReq.builder().rate(requestsPerSecond, SECONDS)}. */
  public static Builder perSecond(long requests) {
    return builder().rate(requests, TimeUnit.SECONDS);
  }

  /** {@code LimitReq.builder().rate(requestsPerMinute, MINUTES)}. */
  public static Builder perMinute(long requests) {
    return builder().rate(requests, TimeUnit.MINUTES);
  }

  // ---- configuration ------------------------------------------------------------------------------------

  /** nginx {@code ctx->rate}: milli-requests per second. */
  public long rateMilliRequests() {
    return shape.rateMr;
  }

  public long burst() {
    return shape.burstMr / 1000;
  }

  /** The {@code delay=N} threshold in requests; {@code Long.MAX_VALUE / 1000 / 1000}-ish for nodelay. */
  public long delay() {
    return shape.delayMr / 1000;
  }

  public boolean nodelay() {
    return shape.delayMr == NODELAY_MR;
  }

  @Override
  public long limit() {
    return shape.burstMr / 1000 + 1;
  }

  // ---- the algorithm ------------------------------------------------------------------------------------

  private long nowMs(long now) {
    return Math.floorDiv(now - shape.originNanos, NANOS_PER_MS);
  }

  /** nginx's {@code ms}, clamped as nginx clamps it; {@code Long.MAX_VALUE} when the last update is ages ago. */
  private long elapsedMs(long s, long nowMs) {
    if (nowMs - touchedMs >= shape.staleMs) {
      return Long.MAX_VALUE;
    }
    long ms = ((nowMs - (s >>> shape.excessBits)) << shape.lastShift) >> shape.lastShift;
    if (ms < -60000) {
      ms = 1;
    } else if (ms < 0) {
      ms = 0;
    }
    return ms;
  }

  /** {@code rate * ms / 1000}, without overflow for absurd gaps. */
  private long decay(long ms) {
    return ms > shape.maxDecayMs ? Long.MAX_VALUE / 4 : shape.rateMr * ms / 1000;
  }

  /** The excess after {@code permits} requests at {@code ms} since the stored state (not yet compared to burst). */
  private long excessAfter(long s, long ms, long permits) {
    long excess = (s & shape.excessMask) - decay(ms) + 1000;
    if (excess < 0) {
      excess = 0;
    }
    return excess + 1000 * (permits - 1);
  }

  private long pack(long lastMs, long excess) {
    return ((lastMs & shape.lastMask) << shape.excessBits) | excess;
  }

  private long delayNanos(long excess) {
    return excess <= shape.delayMr ? 0 : (excess - shape.delayMr) * 1000 / shape.rateMr * NANOS_PER_MS;
  }

  /** Nanoseconds from {@code now} until {@code permits} requests would leave an excess of at most {@code target}. */
  private long retryNanos(long s, long ms, long nowMs, long now, long permits, long target) {
    long budget = target - 1000 * (permits - 1);
    if (budget < 0 || s == NEW) {
      return budget < 0 ? NEVER : 0;
    }
    long needDecay = (s & shape.excessMask) + 1000 - budget;
    if (needDecay <= 0) {
      return 0;
    }
    long needMs = Math.ceilDiv(satMul(needDecay, 1000), shape.rateMr);
    long atMs = nowMs + (needMs - ms);
    return Math.max(0, satAdd(shape.originNanos, satMul(atMs, NANOS_PER_MS)) - now);
  }

  private long resetNanos(long nowMs, long now, long excess) {
    if (excess == 0) {
      return 0;
    }
    long atMs = nowMs + Math.ceilDiv(excess * 1000, shape.rateMr);
    return Math.max(0, shape.originNanos + atMs * NANOS_PER_MS - now);
  }

  private void stored(long nowMs) {
    if (nowMs - touchedMs >= shape.refreshMs) {
      touchedMs = nowMs;
    }
  }

  /** The most excess whose delay fits in {@code maxWaitNanos}. */
  private long targetFor(long maxWaitNanos) {
    if (shape.delayMr >= shape.burstMr) {
      return shape.burstMr;
    }
    long waitMs = maxWaitNanos / NANOS_PER_MS;
    return Math.min(shape.burstMr, satAdd(shape.delayMr, satMul(waitMs, shape.rateMr) / 1000));
  }

  @Override
  long reserveAt(long now, long permits, long maxWaitNanos) {
    if (permits - 1 > shape.burstMr / 1000) {
      return Long.MIN_VALUE;
    }
    long nowMs = nowMs(now);
    int spins = 1;
    while (true) {
      long s = load();
      long excess;
      long next;
      long ms = 0;
      if (s == NEW) {
        excess = 1000 * (permits - 1);
        next = pack(nowMs, excess);
      } else {
        ms = elapsedMs(s, nowMs);
        excess = excessAfter(s, ms, permits);
        if (excess > shape.burstMr) {
          return refusal(retryNanos(s, ms, nowMs, now, permits, shape.burstMr));
        }
        next = pack(ms != 0 ? nowMs : s >>> shape.excessBits, excess);
      }
      long delay = delayNanos(excess);
      if (delay > maxWaitNanos) {
        return refusal(retryNanos(s, ms, nowMs, now, permits, targetFor(maxWaitNanos)));
      }
      if (cas(s, next)) {
        stored(nowMs);
        return delay;
      }
      spins = backOff(spins);
    }
  }

  @Override
  Decision decideAt(long now, long permits) {
    long limit = limit();
    if (permits - 1 > shape.burstMr / 1000) {
      return Decision.rejected(permits, 0, limit, NEVER, resetNanos(nowMs(now), now, currentExcess(now)));
    }
    long nowMs = nowMs(now);
    while (true) {
      long s = load();
      long excess;
      long next;
      if (s == NEW) {
        excess = 1000 * (permits - 1);
        next = pack(nowMs, excess);
      } else {
        long ms = elapsedMs(s, nowMs);
        excess = excessAfter(s, ms, permits);
        if (excess > shape.burstMr) {
          long retry = retryNanos(s, ms, nowMs, now, permits, shape.burstMr);
          long rest = Math.max(0, (s & shape.excessMask) - decay(ms));
          return Decision.rejected(permits, 0, limit, retry, resetNanos(nowMs, now, rest));
        }
        next = pack(ms != 0 ? nowMs : s >>> shape.excessBits, excess);
      }
      if (cas(s, next)) {
        stored(nowMs);
        return Decision.delayed(permits, (shape.burstMr - excess) / 1000, limit, delayNanos(excess),
            resetNanos(nowMs, now, excess));
      }
    }
  }

  @Override
  long nanosToWaitAt(long now, long permits) {
    if (permits - 1 > shape.burstMr / 1000) {
      return NEVER;
    }
    long s = load();
    if (s == NEW) {
      return delayNanos(1000 * (permits - 1));
    }
    long nowMs = nowMs(now);
    long ms = elapsedMs(s, nowMs);
    long excess = excessAfter(s, ms, permits);
    if (excess > shape.burstMr) {
      return retryNanos(s, ms, nowMs, now, permits, shape.burstMr);
    }
    return delayNanos(excess);
  }

  /** The stored excess decayed to {@code now} (without the next request's 1000). */
  private long currentExcess(long now) {
    long s = load();
    if (s == NEW) {
      return 0;
    }
    return Math.max(0, (s & shape.excessMask) - decay(elapsedMs(s, nowMs(now))));
  }

  /**
   * The {@code excess} nginx would compute for one more request now, in milli-requests: 0 for the limiter's first
   * request, else the stored excess decayed to the ticker's time plus 1000. Takes nothing. A request is refused
   * when this is above {@code burst * 1000}; admitted, this is the excess it stores (what nginx's "limiting
   * requests, excess: …" and "delaying request, excess: …" log lines show). Lets a caller check several limits
   * before counting in any, as nginx does for several {@code limit_req} in one location. Lock-free; other
   * threads' decisions may move it at any time.
   */
  public long nextExcessMilliRequests() {
    long now = ticker.read();
    long s = load();
    if (s == NEW) {
      return 0;
    }
    return excessAfter(s, elapsedMs(s, nowMs(now)), 1);
  }

  /** New key, or old enough that the next request computes excess 0 as a new node would. */
  @Override
  boolean atRest(long now) {
    long s = load();
    if (s == NEW) {
      return true;
    }
    long ms = elapsedMs(s, nowMs(now));
    return decay(ms) >= (s & shape.excessMask) + 1000;
  }

  @Override
  public String toString() {
    return "LimitReq[rate=" + shape.rateMr + "mr/s burst=" + burst()
        + (nodelay() ? " nodelay" : shape.delayMr == 0 ? "" : " delay=" + delay()) + "]";
  }

  /** Builds a {@link LimitReq}: {@code LimitReq.perSecond(10).burst(20).nodelay().build()}. */
  public static final class Builder {
    private long rateMr = -1;
    private long burst;
    private long delay;
    private boolean nodelay;
    private Ticker ticker = Ticker.system();

    private Builder() {
    }

    /**
     * {@code requests} per {@code unit} (nginx accepts seconds and minutes; hours and days are allowed here),
     * as nginx converts it: {@code requests * 1000 / unitSeconds} milli-requests per second, at least 1.
     */
    public Builder rate(long requests, TimeUnit unit) {
      long scale = unit.toSeconds(1);
      if (requests <= 0 || scale <= 0 || unit.toNanos(1) % 1_000_000_000L != 0) {
        throw LimitConfigException.argument("rate", "a positive number of requests per second, minute, "
            + "hour or day", requests + " per " + unit);
      }
      long mr = satMul(requests, 1000) / scale;
      if (mr <= 0 || mr >= Long.MAX_VALUE / 1000) {
        throw LimitConfigException.argument("rate", "at least 1 milli-request per second (e.g. 1r/m = 16)",
            requests + " per " + unit);
      }
      this.rateMr = mr;
      return this;
    }

    /** The rate directly as nginx's {@code ctx->rate}, in milli-requests per second. */
    public Builder rateMilliRequests(long milliRequestsPerSecond) {
      if (milliRequestsPerSecond <= 0 || milliRequestsPerSecond >= Long.MAX_VALUE / 1000) {
        throw LimitConfigException.argument("rate", "a positive number of milli-requests per second",
            milliRequestsPerSecond);
      }
      this.rateMr = milliRequestsPerSecond;
      return this;
    }

    /** {@code burst=N}: requests allowed beyond the rate (queued/delayed, or passed with nodelay). */
    public Builder burst(long burst) {
      if (burst < 0 || burst > 500_000) {
        throw LimitConfigException.argument("burst", "an integer from 0 to 500000", burst);
      }
      this.burst = burst;
      return this;
    }

    /** {@code delay=N}: the first N excess requests pass undelayed. */
    public Builder delay(long delay) {
      if (delay < 0 || delay > 500_000) {
        throw LimitConfigException.argument("delay", "an integer from 0 to 500000", delay);
      }
      this.delay = delay;
      this.nodelay = false;
      return this;
    }

    /** {@code nodelay}: requests within the burst pass at once. */
    public Builder nodelay() {
      this.nodelay = true;
      return this;
    }

    public Builder ticker(Ticker ticker) {
      if (ticker == null) {
        throw new NullPointerException("ticker");
      }
      this.ticker = ticker;
      return this;
    }

    public LimitReq build() {
      if (rateMr <= 0) {
        throw new LimitConfigException("rate is required: expected rate(N, SECONDS) or rate(N, MINUTES)",
            "rate", "a rate such as 10r/s");
      }
      return new LimitReq(new LimitReqShape(rateMr, burst, nodelay ? -1 : delay, ticker.read()), ticker, 0, true);
    }
  }
}
