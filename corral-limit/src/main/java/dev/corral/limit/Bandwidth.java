package dev.corral.limit;

import java.time.Duration;

/**
 * One limit of a {@link TokenBucket}: at most {@code capacity} tokens, refilled by {@code refillTokens} per
 * {@code refillPeriod}, either continuously ({@linkplain #greedy greedy}: 10 per second is one every 100 ms) or all
 * at once at the end of each period ({@linkplain #intervally interval}). A bucket may have several, e.g.
 * 100 per minute and 10 per second: a request needs tokens from every one.
 *
 * <p>Integer arithmetic only: tokens are whole, time is nanoseconds.
 *
 * @param capacity          maximum tokens, ≥ 1
 * @param refillTokens      tokens added per period, ≥ 1
 * @param refillPeriodNanos the period, ≥ 1 ns
 * @param greedy            continuous refill (true) or whole amount per period (false)
 * @param initialTokens     tokens at creation, 0..capacity (a full bucket by default)
 */
public record Bandwidth(long capacity, long refillTokens, long refillPeriodNanos, boolean greedy, long initialTokens) {

  public Bandwidth {
    if (capacity < 1) {
      throw LimitConfigException.argument("capacity", "a positive number of tokens", capacity);
    }
    if (refillTokens < 1) {
      throw LimitConfigException.argument("refill tokens", "a positive number of tokens per period", refillTokens);
    }
    if (refillPeriodNanos < 1) {
      throw LimitConfigException.argument("refill period", "a positive duration", refillPeriodNanos + "ns");
    }
    if (initialTokens < 0 || initialTokens > capacity) {
      throw LimitConfigException.argument("initial tokens", "0 to capacity (" + capacity + ")", initialTokens);
    }
  }

  /** {@code capacity} tokens, refilled continuously at {@code tokens} per {@code period}; starts full. */
  public static Bandwidth greedy(long capacity, long tokens, Duration period) {
    return new Bandwidth(capacity, tokens, nanos(period), true, capacity);
  }

  /** {@code capacity} tokens, refilled with {@code tokens} at the end of every {@code period}; starts full. */
  public static Bandwidth intervally(long capacity, long tokens, Duration period) {
    return new Bandwidth(capacity, tokens, nanos(period), false, capacity);
  }

  /** {@code n} tokens per {@code period}, capacity {@code n}, refilled continuously (Bucket4j's "simple"). */
  public static Bandwidth simple(long n, Duration period) {
    return greedy(n, n, period);
  }

  /** The same bandwidth starting with {@code tokens} tokens. */
  public Bandwidth withInitialTokens(long tokens) {
    return new Bandwidth(capacity, refillTokens, refillPeriodNanos, greedy, tokens);
  }

  private static long nanos(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw LimitConfigException.argument("refill period", "a positive duration", d);
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      throw LimitConfigException.argument("refill period", "at most 292 years", d);
    }
  }
}
