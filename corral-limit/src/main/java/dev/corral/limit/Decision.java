package dev.corral.limit;

import java.time.Duration;

/**
 * The full answer to "may I take {@code permits} now?", as returned by {@link RateLimiter#decide(long)}.
 *
 * <p>Three outcomes, named as nginx names {@code $limit_req_status}:
 * <ul>
 *   <li>{@link Outcome#PASSED}: permits taken, go now ({@link #delayNanos()} is 0);</li>
 *   <li>{@link Outcome#DELAYED}: permits taken, but the caller must wait {@link #delayNanos()} before going on
 *       (nginx {@code limit_req} without {@code nodelay}; never produced by limiters without a delay setting);</li>
 *   <li>{@link Outcome#REJECTED}: nothing taken, the limiter's state is unchanged; retry after
 *       {@link #retryAfterNanos()}.</li>
 * </ul>
 *
 * <p>Durations are in nanoseconds. {@link #NEVER} ({@code Long.MAX_VALUE}) as {@code retryAfterNanos} means the
 * request can never succeed (for example more permits than the capacity).
 *
 * @param outcome         passed, delayed or rejected
 * @param permits         the number of permits asked for
 * @param remaining       permits that could still be taken at once right after this decision (0 if none);
 *                        suitable for a {@code RateLimit-Remaining} header
 * @param limit           the nominal limit (capacity, burst + 1, requests per window), for {@code RateLimit-Limit}
 * @param delayNanos      for {@code DELAYED}: how long to wait before proceeding; otherwise 0
 * @param retryAfterNanos for {@code REJECTED}: the earliest time from now at which the same request could succeed
 *                        if nothing else happens ({@link #NEVER} if it never can); otherwise 0
 * @param resetAfterNanos time from now until the limiter is back to its resting state (full bucket, empty
 *                        window, no excess), for {@code RateLimit-Reset}
 */
public record Decision(Outcome outcome, long permits, long remaining, long limit,
             long delayNanos, long retryAfterNanos, long resetAfterNanos) {

  /** "Never": a {@code retryAfterNanos} or wait time that no amount of waiting satisfies. */
  public static final long NEVER = Long.MAX_VALUE;

  /** What the caller should do. */
  public enum Outcome {
    /** Admitted; go now. */
    PASSED,
    /** Admitted; wait {@link Decision#delayNanos()} first. */
    DELAYED,
    /** Not admitted; nothing was taken. */
    REJECTED
  }

  public Decision {
    if (outcome == null) {
      throw new NullPointerException("outcome");
    }
    if (remaining < 0) {
      remaining = 0;
    }
    if (delayNanos < 0 || retryAfterNanos < 0 || resetAfterNanos < 0) {
      throw new IllegalArgumentException("negative duration in decision");
    }
  }

  public static Decision passed(long permits, long remaining, long limit, long resetAfterNanos) {
    return new Decision(Outcome.PASSED, permits, remaining, limit, 0, 0, resetAfterNanos);
  }

  /** A {@code DELAYED} decision, or {@code PASSED} if {@code delayNanos} is 0. */
  public static Decision delayed(long permits, long remaining, long limit, long delayNanos, long resetAfterNanos) {
    return new Decision(delayNanos == 0 ? Outcome.PASSED : Outcome.DELAYED, permits, remaining, limit,
        delayNanos, 0, resetAfterNanos);
  }

  public static Decision rejected(long permits, long remaining, long limit, long retryAfterNanos,
                  long resetAfterNanos) {
    return new Decision(Outcome.REJECTED, permits, remaining, limit, 0, Math.max(retryAfterNanos, 0),
        resetAfterNanos);
  }

  /** True for {@code PASSED} and {@code DELAYED}: the permits were taken. */
  public boolean allowed() {
    return outcome != Outcome.REJECTED;
  }

  public boolean rejected() {
    return outcome == Outcome.REJECTED;
  }

  public boolean delayed() {
    return outcome == Outcome.DELAYED;
  }

  public Duration delay() {
    return Duration.ofNanos(delayNanos);
  }

  /** {@code retryAfterNanos} as a Duration; {@code null} if the request can never succeed. */
  public Duration retryAfter() {
    return retryAfterNanos == NEVER ? null : Duration.ofNanos(retryAfterNanos);
  }

  public Duration resetAfter() {
    return Duration.ofNanos(resetAfterNanos);
  }

  /** Throws {@link RateLimitedException} if rejected; returns this decision otherwise. */
  public Decision orThrow() {
    if (outcome == Outcome.REJECTED) {
      throw new RateLimitedException(this);
    }
    return this;
  }
}
