package dev.corral.limit.redis;

import dev.corral.limit.Ticker;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Bounds every exchange with Redis by the limiter's timeout and decides when to ask Redis at all: after a failure
 * (timeout or error) it stops asking for {@code probeIntervalNanos}, so decisions go straight to the failure policy
 * and callers don't each wait a timeout; then calls go through again, and the first success marks Redis up.
 * Recovery is automatic: there is no state a caller must reset.
 *
 * <p>Thread-safe and lock-free: one atomic "down until" time; {@code 0} means up. Logs one line when Redis goes
 * down and one when it comes back, not one per failed call.
 */
final class RedisGuard {

  private static final System.Logger LOG = System.getLogger(RedisGuard.class.getName());
  private static final long UP = 0;

  private final String name;
  private final Ticker ticker;
  private final long timeoutNanos;
  private final long probeIntervalNanos;
  /** {@link #UP}, or the ticker time before which Redis is not asked. */
  private final AtomicLong downUntil = new AtomicLong(UP);

  RedisGuard(String name, Ticker ticker, long timeoutNanos, long probeIntervalNanos) {
    this.name = name;
    this.ticker = ticker;
    this.timeoutNanos = timeoutNanos;
    this.probeIntervalNanos = probeIntervalNanos;
  }

  /** Whether this call should ask Redis (up, or down long enough to probe again). */
  boolean shouldAsk() {
    long until = downUntil.get();
    return until == UP || ticker.read() - until >= 0;
  }

  /**
   * The sync path: waits for {@code sent} on the caller's thread, at most the timeout (no timer task per call).
   * Interrupted, it answers {@code whileDown} and keeps the interrupt flag set.
   */
  <R, T> T await(CompletableFuture<R> sent, Function<R, T> onReply, Supplier<T> whileDown) {
    R reply;
    try {
      reply = sent.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      sent.completeExceptionally(e);
      failed(e);
      return whileDown.get();
    } catch (ExecutionException e) {
      failed(e.getCause());
      return whileDown.get();
    } catch (InterruptedException e) {
      sent.cancel(false);
      Thread.currentThread().interrupt();
      return whileDown.get();
    }
    succeeded();
    return onReply.apply(reply);
  }

  /** The async path: the timeout is an {@code orTimeout} on {@code sent}. */
  <R, T> CompletionStage<T> then(CompletableFuture<R> sent, Function<R, T> onReply, Supplier<T> whileDown) {
    return sent.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((reply, error) -> {
      if (error == null) {
        succeeded();
        return onReply.apply(reply);
      }
      failed(error);
      return whileDown.get();
    });
  }

  /** Nanoseconds until Redis will be asked again (0 if it is up). */
  long nanosUntilProbe() {
    long until = downUntil.get();
    return until == UP ? 0 : Math.max(0, until - ticker.read());
  }

  /** Whether Redis is considered up. */
  boolean isUp() {
    return downUntil.get() == UP;
  }

  private void succeeded() {
    if (downUntil.get() != UP && downUntil.getAndSet(UP) != UP) {
      LOG.log(Level.INFO, "rate limiter {0}: Redis answers again; deciding in Redis", name);
    }
  }

  private void failed(Throwable error) {
    long next = ticker.read() + probeIntervalNanos;
    if (next == UP) {
      next = 1;
    }
    if (downUntil.getAndSet(next) == UP) {
      LOG.log(Level.WARNING, "rate limiter {0}: Redis unavailable ({1}); applying the failure policy, "
          + "probing every {2} ms", name, String.valueOf(error), probeIntervalNanos / 1_000_000);
    }
  }
}
