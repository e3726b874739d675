package dev.corral.limit.redis;

import dev.corral.limit.LimitConfigException;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.Rate;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A rate-limiting algorithm that runs in Redis as one atomic Lua script, with its (validated, immutable)
 * parameters. Build one with the static factories and give it to {@link RedisRateLimiter.Builder#algorithm}.
 *
 * <p>All algorithms read Redis server time ({@code TIME}) inside the script, so the clocks of the machines sharing a
 * limit don't matter; durations are kept in whole microseconds. Each key's state has a TTL, so an idle key vanishes
 * once it would be indistinguishable from a new one.
 *
 * <table>
 *   <caption>What each algorithm does with {@code reserve(n, maxWait)}</caption>
 *   <tr><th>algorithm</th><th>books future permits</th><th>memory per key</th></tr>
 *   <tr><td>{@link #gcra}</td><td>yes</td><td>one string</td></tr>
 *   <tr><td>{@link #limitReq}</td><td>yes (nginx delay)</td><td>hash of 2 fields</td></tr>
 *   <tr><td>{@link #tokenBucket}</td><td>yes</td><td>hash of 3 fields per bandwidth</td></tr>
 *   <tr><td>{@link #warmingTokenBucket}</td><td>yes (the next caller pays)</td><td>hash of 2 fields</td></tr>
 *   <tr><td>{@link #fixedWindow}</td><td>yes (future windows)</td><td>hash of 2 fields</td></tr>
 *   <tr><td>{@link #slidingWindow}</td><td>yes, in order (as the sliding log)</td><td>hash of 4 fields</td></tr>
 *   <tr><td>{@link #slidingLog}</td><td>yes, in order (as corral-limit's)</td><td>one entry per permit in the
 *   window</td></tr>
 * </table>
 */
public sealed interface RedisAlgorithm {

  /** The nominal limit for {@code RateLimit-Limit}: burst, burst + 1 (limit_req), capacity or permits per window. */
  long limit();

  /**
   * GCRA: {@code permits} per {@code period} spread evenly, plus {@code burst} more back to back (so {@code burst + 1}
   * may pass at once, as redis-cell's {@code max_burst} and corral-limit's {@code algorithm=gcra} count).
   *
   * @throws LimitConfigException if a value is out of range or the rate exceeds one permit per microsecond
   */
  static RedisAlgorithm gcra(long permits, Duration period, long burst) {
    positive("permits", permits);
    if (burst < 0) {
      throw new LimitConfigException("burst: " + burst + " (expected: >= 0)", "burst=" + burst, ">= 0");
    }
    long periodUs = micros("period", period);
    if (permits > periodUs) {
      throw new LimitConfigException("rate: " + permits + " per " + period
          + " (expected: at most 1 permit per microsecond)", "rate", "at most 1 permit per microsecond");
    }
    return new Gcra(Math.ceilDiv(periodUs, permits), burst); // rounded up, as corral-limit's Gcra: never faster
  }

  /**
   * The algorithm a corral-limit spec string describes ({@code "rate=10r/s burst=20 nodelay"},
   * {@code "algorithm=gcra rate=5r/s burst=3"}, ...), run in Redis.
   *
   * @throws LimitConfigException if the spec is invalid or its values are out of the range Redis computes exactly
   */
  static RedisAlgorithm parse(String spec) {
    return of(LimitSpec.parse(spec));
  }

  /** The algorithm of a parsed corral-limit spec, run in Redis; see {@link #parse(String)}. */
  static RedisAlgorithm of(LimitSpec spec) {
    Rate rate = spec.rate();
    return switch (spec.algorithm()) {
      case LIMIT_REQ -> {
        long rateMr = rate.milliRequestsPerSecond();
        if (rateMr < 1) {
          throw new LimitConfigException("rate: " + rate + " (expected: at least 1 milli-request per second, as nginx)",
              "rate=" + rate, ">= 1 milli-request per second");
        }
        LimitReq r = new LimitReq(rateMr, spec.burst(), spec.delay(), false);
        yield spec.nodelay() ? r.withNodelay() : r;
      }
      case GCRA -> gcra(rate.permits(), rate.period(), spec.burst());
      case TOKEN_BUCKET -> {
        if (spec.warmup() != null) { // the capacity is not used, as locally: warm-up sets the stored maximum
          yield warmingTokenBucket(rate.permits(), rate.period(), spec.warmup());
        }
        long capacity = spec.capacity() > 0 ? spec.capacity() : rate.permits();
        yield tokenBucket(new Bandwidth(capacity, rate.permits(), rate.period(),
            spec.refill() == LimitSpec.Refill.GREEDY));
      }
      case FIXED_WINDOW -> fixedWindow(rate.permits(), rate.period());
      case SLIDING_WINDOW -> slidingWindow(rate.permits(), rate.period());
      case SLIDING_LOG -> slidingLog(rate.permits(), rate.period());
    };
  }

  /**
   * nginx {@code limit_req} with {@code rate=<requests>r/s} or {@code r/m} ({@code per} is SECONDS or MINUTES),
   * {@code burst=0} and the default delay (every request beyond the rate is delayed); refine with
   * {@link LimitReq#withBurst}, {@link LimitReq#withNodelay} and {@link LimitReq#withDelay}.
   */
  static LimitReq limitReq(long requests, ChronoUnit per) {
    positive("rate", requests);
    long scale = switch (per) {
      case SECONDS -> 1;
      case MINUTES -> 60;
      default -> throw new LimitConfigException("rate: per " + per + " (expected: SECONDS or MINUTES, as r/s or r/m)",
          "rate", "r/s or r/m");
    };
    long rateMr = requests * 1000 / scale;
    if (rateMr < 1) {
      throw new LimitConfigException("rate: " + requests + "r/" + (scale == 1 ? "s" : "m")
          + " (expected: at least 1 milli-request per second)", "rate", ">= 1 milli-request per second");
    }
    return new LimitReq(rateMr, 0, 0, false);
  }

  /** A token bucket with one or more bandwidths (e.g. 100 per minute and 10 per second); all must admit. */
  static RedisAlgorithm tokenBucket(Bandwidth first, Bandwidth... more) {
    List<Bandwidth> all = new java.util.ArrayList<>();
    all.add(java.util.Objects.requireNonNull(first, "bandwidth"));
    for (Bandwidth b : more) {
      all.add(java.util.Objects.requireNonNull(b, "bandwidth"));
    }
    return new TokenBucket(List.copyOf(all));
  }

  /**
   * A token bucket with warm-up, as corral-limit's {@code TokenBucket.builder().bandwidth(greedy(..., permits,
   * period)).warmUp(warmup)} (Guava's {@code SmoothWarmingUp}): {@code permits} per {@code period} at full speed,
   * starting cold, permits stored while idle costing up to 3 times the stable interval. Same parameters, same
   * arithmetic, on Redis time. {@code spec: algorithm=token_bucket rate=... warmup=10s}.
   *
   * @throws LimitConfigException if a value is out of range
   */
  static RedisAlgorithm warmingTokenBucket(long permits, Duration period, Duration warmup) {
    return warmingTokenBucket(permits, period, warmup, 3.0);
  }

  /** {@link #warmingTokenBucket(long, Duration, Duration)} with a cold factor other than Guava's 3 (> 1). */
  static RedisAlgorithm warmingTokenBucket(long permits, Duration period, Duration warmup, double coldFactor) {
    return new WarmingTokenBucket(permits, period, warmup, coldFactor);
  }

  /** At most {@code limit} permits per window; windows are aligned to multiples of {@code window} of Redis time. */
  static RedisAlgorithm fixedWindow(long limit, Duration window) {
    return new Window(Window.Kind.FIXED, positive("limit", limit), micros("window", window));
  }

  /** Sliding-window counter: the previous window's count, weighted by its overlap, plus the current one's. */
  static RedisAlgorithm slidingWindow(long limit, Duration window) {
    return new Window(Window.Kind.SLIDING_COUNTER, positive("limit", limit), micros("window", window));
  }

  /** Sliding-window log: exact, one sorted-set entry per permit in the window ({@code limit} at most 100,000). */
  static RedisAlgorithm slidingLog(long limit, Duration window) {
    positive("limit", limit);
    if (limit > 100_000) {
      throw new LimitConfigException("limit: " + limit + " (expected: <= 100000 for a sliding log; "
          + "use slidingWindow for larger limits)", "limit", "<= 100000");
    }
    return new Window(Window.Kind.SLIDING_LOG, limit, micros("window", window));
  }

  /**
   * One bandwidth of a token bucket: {@code capacity} tokens, refilled with {@code tokens} per {@code period},
   * either greedily (continuously, a token as soon as it is due) or intervally (all at the end of each period).
   */
  record Bandwidth(long capacity, long tokens, Duration period, boolean greedy) {
    public Bandwidth {
      positive("capacity", capacity);
      positive("tokens", tokens);
      exact("capacity x period in microseconds", capacity, micros("period", period));
      exact("tokens x period in microseconds", tokens, micros("period", period));
    }

    /** Refills {@code tokens} per {@code period} continuously. */
    public static Bandwidth greedy(long capacity, long tokens, Duration period) {
      return new Bandwidth(capacity, tokens, period, true);
    }

    /** Adds {@code tokens} all at once at the end of each {@code period}. */
    public static Bandwidth interval(long capacity, long tokens, Duration period) {
      return new Bandwidth(capacity, tokens, period, false);
    }
  }

  /** GCRA: one permit every {@code intervalMicros}, and {@code burst} more back to back. */
  record Gcra(long intervalMicros, long burst) implements RedisAlgorithm {
    public Gcra {
      positive("intervalMicros", intervalMicros);
      if (burst < 0) {
        throw new LimitConfigException("burst: " + burst + " (expected: >= 0)", "burst=" + burst, ">= 0");
      }
      exact("(burst + 1) x interval in microseconds", burst + 1, intervalMicros);
    }

    @Override
    public long limit() {
      return burst + 1;
    }
  }

  /**
   * nginx limit_req: {@code rateMr} milli-requests per second, {@code burst} requests, and requests beyond
   * {@code delay} (or none with nodelay) delayed.
   */
  record LimitReq(long rateMr, long burst, long delay, boolean nodelay) implements RedisAlgorithm {
    public LimitReq {
      positive("rateMr", rateMr);
      if (burst < 0) {
        throw new LimitConfigException("burst: " + burst + " (expected: >= 0)", "burst=" + burst, ">= 0");
      }
      if (delay < 0) {
        throw new LimitConfigException("delay: " + delay + " (expected: >= 0)", "delay=" + delay, ">= 0");
      }
    }

    /** The same with {@code burst=N}. */
    public LimitReq withBurst(long burst) {
      return new LimitReq(rateMr, burst, delay, nodelay);
    }

    /** The same with {@code nodelay}: no request within the burst is delayed. */
    public LimitReq withNodelay() {
      return new LimitReq(rateMr, burst, 0, true);
    }

    /** The same with {@code delay=N}: the first N excess requests pass undelayed. */
    public LimitReq withDelay(long delay) {
      return new LimitReq(rateMr, burst, delay, false);
    }

    @Override
    public long limit() {
      return burst + 1;
    }
  }

  /** A token bucket over several bandwidths. */
  record TokenBucket(List<Bandwidth> bandwidths) implements RedisAlgorithm {
    public TokenBucket {
      if (bandwidths == null || bandwidths.isEmpty()) {
        throw new LimitConfigException("bandwidths: none (expected: at least one)", "bandwidths", "at least one");
      }
      bandwidths = List.copyOf(bandwidths);
    }

    @Override
    public long limit() {
      return bandwidths.stream().mapToLong(Bandwidth::capacity).min().orElseThrow();
    }
  }

  /**
   * A warming token bucket: {@code tokens} per {@code period} at full speed, {@code warmup} to go from cold to full
   * speed, the cold interval {@code coldFactor} times the stable one.
   */
  record WarmingTokenBucket(long tokens, Duration period, Duration warmup, double coldFactor)
      implements RedisAlgorithm {
    public WarmingTokenBucket {
      positive("tokens", tokens);
      micros("period", period);
      micros("warmup", warmup);
      if (!(coldFactor > 1.0) || Double.isInfinite(coldFactor)) {
        throw new LimitConfigException("cold factor: " + coldFactor + " (expected: a number greater than 1)",
            "coldFactor=" + coldFactor, "a number greater than 1");
      }
    }

    /** Guava's maxPermits, at least 1 (as the local bucket's {@code limit()}). */
    @Override
    public long limit() {
      double stable = 1_000_000.0 / (tokens * 1e9 / period.toNanos());
      long warmupMicros = warmup.toNanos() / 1000;
      double threshold = 0.5 * warmupMicros / stable;
      double max = threshold + 2.0 * warmupMicros / (stable + stable * coldFactor);
      return Math.max(1, (long) max);
    }
  }

  /** Fixed window, sliding-window counter or sliding-window log: {@code limit} permits per window. */
  record Window(Kind kind, long limit, long windowMicros) implements RedisAlgorithm {
    public Window {
      java.util.Objects.requireNonNull(kind, "kind");
      positive("limit", limit);
      positive("windowMicros", windowMicros);
      if (kind == Kind.SLIDING_COUNTER) { // its script weighs counts by time: count x window must stay exact
        exact("limit x window in microseconds", limit, windowMicros);
      }
    }

    /** Which window algorithm. */
    public enum Kind {
      /** Windows aligned to multiples of the window length. */
      FIXED,
      /** Previous window's count weighted by overlap, plus the current window's. */
      SLIDING_COUNTER,
      /** Every permit's time, exact. */
      SLIDING_LOG
    }
  }

  private static long positive(String name, long value) {
    if (value < 1) {
      throw new LimitConfigException(name + ": " + value + " (expected: > 0)", name + "=" + value, "> 0");
    }
    return value;
  }

  /** Lua numbers are doubles: products the scripts form must stay below 2^53 to be exact. */
  private static void exact(String what, long a, long b) {
    long max = 1L << 53;
    if (a > max / b) {
      throw new LimitConfigException(what + ": " + a + " x " + b + " (expected: <= 2^53, so Redis's Lua computes it"
          + " exactly)", what, "<= 2^53");
    }
  }

  private static long micros(String name, Duration d) {
    if (d == null || d.compareTo(Duration.of(1, ChronoUnit.MICROS)) < 0) {
      throw new LimitConfigException(name + ": " + d + " (expected: >= 1 microsecond)", name + "=" + d,
          ">= 1 microsecond");
    }
    if (d.compareTo(Duration.ofDays(3650)) > 0) {
      throw new LimitConfigException(name + ": " + d + " (expected: <= 3650 days)", name + "=" + d, "<= 3650 days");
    }
    return d.toNanos() / 1000;
  }
}
