package dev.corral.spring.limit;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimitedException;

/**
 * A {@link RateLimitedException} that names the {@code corral.limit} limiter which refused the call; thrown by
 * {@code @RateLimited} methods. Cheap to create (no stack trace), as its parent.
 */
public final class LimiterRateLimitedException extends RateLimitedException {

  private final String limiter;

  /**
   * @param limiter  the {@code NAME} of the refusing limiter
   * @param decision its {@code REJECTED} decision, which carries the retry-after
   */
  public LimiterRateLimitedException(String limiter, Decision decision) {
    super(decision);
    this.limiter = limiter;
  }

  /** The {@code NAME} of {@code corral.limit.NAME}. */
  public String limiter() {
    return limiter;
  }

  @Override
  public String getMessage() {
    return "corral.limit." + limiter + ": " + super.getMessage();
  }
}
