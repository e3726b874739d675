package dev.corral.spring.web;

import dev.corral.limit.Decision;
import dev.corral.limit.LimitSpec;
import dev.corral.spring.limit.NamedLimiter;

/**
 * The IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers) and {@code Retry-After}, from a limiter's
 * decision. One list item per limiter, named after it:
 * <pre>
 * RateLimit-Policy: "api";q=21;w=3      quota q requests per window of w seconds
 * RateLimit: "api";r=20;t=1             r requests remaining, t seconds until the quota is whole again
 * Retry-After: 1                        429 only: seconds until a retry may pass (rounded up, at least 1)
 * </pre>
 * For limit_req, the quota is {@code burst + 1} and the window the time the rate takes to grant that many.
 * Stateless; shared by the servlet and the reactive filter.
 */
public final class RateLimitHeaders {
  /** {@code RateLimit-Policy}. */
  public static final String POLICY = "RateLimit-Policy";
  /** {@code RateLimit}. */
  public static final String LIMIT = "RateLimit";
  /** {@code Retry-After}. */
  public static final String RETRY_AFTER = "Retry-After";

  private static final long SECOND = 1_000_000_000L;

  private RateLimitHeaders() {
  }

  /** The {@code RateLimit-Policy} item of {@code limiter}. */
  public static String policy(NamedLimiter limiter, Decision d) {
    return "\"" + limiter.name() + "\";q=" + d.limit() + ";w=" + windowSeconds(limiter.spec(), d.limit());
  }

  /** The {@code RateLimit} item of {@code limiter} after {@code d}. */
  public static String limit(NamedLimiter limiter, Decision d) {
    long reset = d.rejected() ? d.retryAfterNanos() : d.resetAfterNanos();
    return "\"" + limiter.name() + "\";r=" + d.remaining() + ";t=" + (reset == Decision.NEVER ? 0 : seconds(reset));
  }

  /** The {@code Retry-After} value of a refusal, or null if a retry can never pass. */
  public static String retryAfter(long retryAfterNanos) {
    return retryAfterNanos == Decision.NEVER ? null : Long.toString(Math.max(1, seconds(retryAfterNanos)));
  }

  /** The seconds the spec's rate takes to grant {@code quota} permits, rounded up, at least 1. */
  static long windowSeconds(LimitSpec spec, long quota) {
    double seconds = (double) quota * spec.rate().periodNanos() / spec.rate().permits() / SECOND;
    return Math.max(1, (long) Math.ceil(seconds));
  }

  private static long seconds(long nanos) {
    return nanos / SECOND + (nanos % SECOND == 0 ? 0 : 1);
  }
}
