package dev.corral.limit.redis;

import dev.corral.limit.ConcurrencyLimiter;
import dev.corral.limit.KeyedConcurrencyLimiter;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import java.util.Objects;

/**
 * What a {@link RedisRateLimiter} answers when Redis does not answer in time (timeout, connection refused, an error
 * reply): it never blocks beyond its timeout, and then decides by this policy until Redis answers again.
 *
 * <ul>
 *   <li>{@link #failOpen()}: admit everything (the limiter protects a service that still works without it);</li>
 *   <li>{@link #failClosed()}: refuse everything (the limit protects something that must not be overrun);</li>
 *   <li>{@link #fallback(KeyedRateLimiter)} / {@link #fallback(RateLimiter)}: decide with a local corral-limit
 *       limiter, e.g. this machine's share of the global limit;</li>
 *   <li>{@link #fallback(KeyedConcurrencyLimiter)} / {@link #fallback(ConcurrencyLimiter)}: the same for a
 *       {@link RedisConcurrencyLimiter}.</li>
 * </ul>
 * A rate-limiter fallback suits only a {@link RedisRateLimiter} and a concurrency fallback only a
 * {@link RedisConcurrencyLimiter}; their builders refuse the other kind.
 * Immutable and thread-safe (a fallback limiter is thread-safe itself).
 */
public sealed interface FailurePolicy {

  /** Admit every request while Redis is unavailable. */
  static FailurePolicy failOpen() {
    return Open.INSTANCE;
  }

  /** Refuse every request while Redis is unavailable. */
  static FailurePolicy failClosed() {
    return Closed.INSTANCE;
  }

  /** Decide with a local keyed limiter (same keys as the Redis limiter) while Redis is unavailable. */
  static FailurePolicy fallback(KeyedRateLimiter<String> local) {
    return new Fallback(Objects.requireNonNull(local, "local"));
  }

  /** Decide with one local limiter shared by all keys while Redis is unavailable. */
  static FailurePolicy fallback(RateLimiter local) {
    Objects.requireNonNull(local, "local");
    return new Fallback(new SharedKeyedLimiter(local));
  }

  /** Decide with a local keyed in-flight limiter (same keys) while Redis is unavailable. */
  static FailurePolicy fallback(KeyedConcurrencyLimiter<String> local) {
    return new ConcurrencyFallback(Objects.requireNonNull(local, "local"));
  }

  /** Decide with one local in-flight limiter shared by all keys while Redis is unavailable. */
  static FailurePolicy fallback(ConcurrencyLimiter local) {
    Objects.requireNonNull(local, "local");
    return new ConcurrencyFallback(new SharedKeyedConcurrencyLimiter(local));
  }

  /** Admit everything. */
  enum Open implements FailurePolicy { INSTANCE }

  /** Refuse everything. */
  enum Closed implements FailurePolicy { INSTANCE }

  /** Decide with a local rate limiter. */
  record Fallback(KeyedRateLimiter<String> local) implements FailurePolicy { }

  /** Decide with a local in-flight limiter. */
  record ConcurrencyFallback(KeyedConcurrencyLimiter<String> local) implements FailurePolicy { }
}
