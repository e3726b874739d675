package dev.corral.limit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Caps work in flight (a bulkhead; nginx {@code limit_conn}), as opposed to work per unit of time. Each admitted
 * caller holds a {@link Permit} until it releases it.
 *
 * <p>Implementations: {@link InFlightLimiter} (a fixed cap), {@code dev.corral.limit.adaptive.AdaptiveLimiter}
 * (a cap learned from latency: AIMD, Vegas, Gradient2), and remote ones.
 */
public interface ConcurrencyLimiter {

  /** A permit if fewer than {@link #limit()} are in flight, else {@code null}. Never blocks. */
  Permit tryAcquire();

  /**
   * A permit, waiting up to {@code timeout} for one to be released; {@code null} on timeout. Parks the thread
   * (virtual-thread friendly).
   */
  Permit acquire(Duration timeout) throws InterruptedException;

  /**
   * A permit without blocking a thread: completes when one is free, or exceptionally with
   * {@link RateLimitedException} after {@code timeout}.
   */
  CompletionStage<Permit> acquireAsync(Duration timeout);

  /** {@link #tryAcquire()}, asynchronously (completes with {@code null} when at the cap). */
  default CompletionStage<Permit> tryAcquireAsync() {
    try {
      return CompletableFuture.completedFuture(tryAcquire());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Permits currently held. */
  int inFlight();

  /** The current cap (fixed, or the adaptive estimate). */
  int limit();
}
