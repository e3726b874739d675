package dev.corral.limit;

import java.time.Duration;

/**
 * Thrown when a limiter refuses permits (or a wait for them timed out) and the caller asked for an exception
 * instead of a boolean. Carries the retry hint; unchecked, stack trace is not filled in (it is a normal
 * control-flow outcome under load, and creating it must be cheap).
 */
public class RateLimitedException extends RuntimeException {

  private final long retryAfterNanos;
  private final transient Decision decision;

  public RateLimitedException(String message, long retryAfterNanos) {
    super(message, null, false, false);
    this.retryAfterNanos = retryAfterNanos;
    this.decision = null;
  }

  public RateLimitedException(Decision decision) {
    super("rate limited: " + decision.permits() + " permit(s) refused"
        + (decision.retryAfterNanos() == Decision.NEVER ? ", never satisfiable"
        : ", retry after " + Duration.ofNanos(decision.retryAfterNanos())), null, false, false);
    this.retryAfterNanos = decision.retryAfterNanos();
    this.decision = decision;
  }

  /** Nanoseconds after which a retry may succeed; {@link Decision#NEVER} if never; 0 if unknown. */
  public long retryAfterNanos() {
    return retryAfterNanos;
  }

  /** {@code retryAfterNanos} as a Duration, {@code null} if never. */
  public Duration retryAfter() {
    return retryAfterNanos == Decision.NEVER ? null : Duration.ofNanos(retryAfterNanos);
  }

  /** The refusing decision, when there was one (not for timeouts of a wait). */
  public Decision decision() {
    return decision;
  }
}
