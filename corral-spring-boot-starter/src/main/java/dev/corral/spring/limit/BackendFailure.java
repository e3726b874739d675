package dev.corral.spring.limit;

import dev.corral.limit.LimitSpec;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.Ticker;
import dev.corral.limit.redis.FailurePolicy;
import dev.corral.spring.CorralConfigException;
import java.util.Locale;

/**
 * {@code corral.limit.NAME.on-backend-failure}: what a Redis-backed limiter answers while Redis does not (a
 * timeout, a refused connection, an error reply), until Redis answers again.
 */
enum BackendFailure {
  /** Admit every request (the default: the limiter protects a service that still works without it). */
  ALLOW,
  /** Refuse every request (the limit protects something that must not be overrun). */
  DENY,
  /** Decide with a local limiter of the same spec, keyed like the Redis one: this instance's own limit. */
  LOCAL;

  /**
   * The value of {@code property}; {@link #ALLOW} when it is not set.
   *
   * @throws CorralConfigException naming the property if the value is none of allow, deny, local
   */
  static BackendFailure parse(String property, String value) {
    if (value == null) {
      return ALLOW;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "allow" -> ALLOW;
      case "deny" -> DENY;
      case "local" -> LOCAL;
      default -> throw new CorralConfigException(property, value, "expected allow, deny or local");
    };
  }

  /** The corral-limit-redis policy, its local limiter (for {@link #LOCAL}) built from {@code spec} on {@code ticker}. */
  FailurePolicy policy(LimitSpec spec, boolean keyed, Ticker ticker) {
    return switch (this) {
      case ALLOW -> FailurePolicy.failOpen();
      case DENY -> FailurePolicy.failClosed();
      case LOCAL -> keyed
          ? FailurePolicy.fallback(LocalKeyedRateLimiter.<String>builder(spec).ticker(ticker).build())
          : FailurePolicy.fallback(spec.build(ticker));
    };
  }
}
