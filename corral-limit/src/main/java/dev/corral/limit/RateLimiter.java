package dev.corral.limit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One API for every rate-limiting algorithm, local or remote.
 *
 * <h2>The calls</h2>
 * <ul>
 *   <li>{@link #tryAcquire(long)}: take permits if they are available <em>now</em> (no wait owed); a plain
 *       boolean; local implementations neither allocate nor lock.</li>
 *   <li>{@link #decide(long)}: the same, returning a {@link Decision} (allowed, remaining, retry-after,
 *       reset-after). For nginx {@code limit_req} with a delay, a decision may be {@code DELAYED}: admitted,
 *       with a wait the caller must honour.</li>
 *   <li>{@link #reserve(long, long)}: take permits now and learn how long to wait before using them, if that wait
 *       is at most {@code maxWaitNanos}; or {@link #REJECTED} with nothing taken.</li>
 *   <li>{@link #nanosToWait(long)}: how long until {@code permits} could be taken, taking nothing.</li>
 *   <li>{@link #acquire(long, Duration)}: block up to a timeout (parks; virtual-thread friendly).</li>
 *   <li>{@link #decideAsync(long)}, {@link #acquireAsync(long, Duration)}: the asynchronous forms.</li>
 * </ul>
 *
 * <h2>Guarantees</h2>
 * A refusal never changes the limiter's state (refused permits are not counted). Permits are never lost or
 * counted twice under concurrency. Implementations are thread safe.
 *
 * <h2>Implementing it</h2>
 * A backend must implement {@link #decide(long)}, {@link #reserve(long, long)} and {@link #nanosToWait(long)};
 * every other method has a default built on those three. A remote (asynchronous) backend should also override
 * {@link #decideAsync(long)} and {@link #reserveAsync(long, long)} with its native non-blocking form, and
 * {@link #tryAcquire(long)} if it can answer more cheaply than {@code decide}.
 * See {@code corral-limit/API.md}.
 */
public interface RateLimiter {

  /** Returned by {@link #reserve(long, long)} when the permits are not granted (nothing was taken). */
  long REJECTED = -1L;

  // ---- immediate ------------------------------------------------------------------------------------------

  /** {@code tryAcquire(1)}. */
  default boolean tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Takes {@code permits} if they can be used now without waiting; otherwise takes nothing.
   * Local implementations allocate nothing and take no lock.
   *
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  default boolean tryAcquire(long permits) {
    return reserve(permits, 0) == 0;
  }

  /** {@code decide(1)}. */
  default Decision decide() {
    return decide(1);
  }

  /**
   * Takes {@code permits} now if the algorithm admits them and says so in detail. {@code PASSED} and
   * {@code DELAYED} decisions have taken the permits; a {@code REJECTED} one has changed nothing.
   */
  Decision decide(long permits);

  // ---- reservation ----------------------------------------------------------------------------------------

  /**
   * Reserves {@code permits}: if they can be had within {@code maxWaitNanos}, takes them now and returns the
   * nanoseconds the caller must wait before using them (0 = go now). Otherwise takes nothing and returns
   * {@link #REJECTED}. {@code reserve(n, 0)} is {@code tryAcquire(n)}.
   *
   * <p>Algorithms that can book future capacity (token bucket, GCRA, fixed window, sliding log, nginx limit_req's
   * delay) grant future permits; the sliding-window counter grants only what is available now, so for it any
   * {@code maxWaitNanos} behaves like 0 here and {@link #acquire(long, Duration)} polls instead.
   */
  long reserve(long permits, long maxWaitNanos);

  /**
   * How long until {@code permits} could be taken (0 = now), without taking anything: the
   * "how long must I wait" question. {@link Decision#NEVER} if they never can (more than the capacity).
   */
  long nanosToWait(long permits);

  // ---- waiting --------------------------------------------------------------------------------------------

  /**
   * Takes {@code permits}, waiting up to {@code timeout}; returns false (nothing taken) if they cannot be had
   * in time. The wait parks the thread on {@link #ticker()}, so it suits virtual threads. A limiter that can
   * reserve decides at once whether the timeout suffices and then sleeps only when it will succeed.
   *
   * @throws InterruptedException if interrupted while waiting (for a reserving limiter the permits stay taken)
   */
  default boolean acquire(long permits, Duration timeout) throws InterruptedException {
    Ticker ticker = ticker();
    long timeoutNanos = toNanos(timeout);
    long deadline = ticker.read() + timeoutNanos;
    long left = timeoutNanos;
    while (true) {
      long wait = reserve(permits, left);
      if (wait >= 0) {
        ticker.sleep(wait);
        return true;
      }
      long retry = nanosToWait(permits);
      if (retry == Decision.NEVER || retry > left) {
        return false;
      }
      ticker.sleep(Math.max(retry, 1_000L));
      left = deadline - ticker.read();
      if (left < 0) {
        return false;
      }
    }
  }

  /** {@link #acquire(long, Duration)} that throws {@link RateLimitedException} instead of returning false. */
  default void acquireOrThrow(long permits, Duration timeout) throws InterruptedException {
    if (!acquire(permits, timeout)) {
      throw new RateLimitedException("rate limited: " + permits + " permit(s) not available within "
          + timeout, nanosToWait(permits));
    }
  }

  // ---- asynchronous ---------------------------------------------------------------------------------------

  /** {@link #decide(long)}, asynchronously. Local limiters complete at once; remote ones after one round trip. */
  default CompletionStage<Decision> decideAsync(long permits) {
    try {
      return CompletableFuture.completedFuture(decide(permits));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #reserve(long, long)}, asynchronously. */
  default CompletionStage<Long> reserveAsync(long permits, long maxWaitNanos) {
    try {
      return CompletableFuture.completedFuture(reserve(permits, maxWaitNanos));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #nanosToWait(long)}, asynchronously. */
  default CompletionStage<Long> nanosToWaitAsync(long permits) {
    try {
      return CompletableFuture.completedFuture(nanosToWait(permits));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Takes {@code permits} within {@code timeout} without blocking a thread: completes with {@code true} once
   * they are taken and any wait has elapsed (on {@link Ticker#delayedExecutor}), or {@code false} (nothing
   * taken) if they cannot be had in time.
   */
  default CompletionStage<Boolean> acquireAsync(long permits, Duration timeout) {
    long timeoutNanos = toNanos(timeout);
    Ticker ticker = ticker();
    long deadline = ticker.read() + timeoutNanos;
    return AsyncAcquire.attempt(this, ticker, permits, deadline);
  }

  // ---- description ----------------------------------------------------------------------------------------

  /** The nominal limit for {@code RateLimit-Limit}: capacity, burst + 1, or permits per window. */
  long limit();

  /** The clock this limiter decides and waits on; remote limiters wait on the system ticker. */
  default Ticker ticker() {
    return Ticker.system();
  }

  // ---- factories ------------------------------------------------------------------------------------------

  /** Builds a limiter from a spec string such as {@code "rate=10r/s burst=20 nodelay"}; see {@link LimitSpec}. */
  static RateLimiter of(String spec) {
    return LimitSpec.parse(spec).build();
  }

  /** As {@link #of(String)}, on the given clock. */
  static RateLimiter of(String spec, Ticker ticker) {
    return LimitSpec.parse(spec).build(ticker);
  }

  private static long toNanos(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      return 0;
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }
}

/** The retry loop behind {@link RateLimiter#acquireAsync}, on futures instead of a thread. */
final class AsyncAcquire {
  private AsyncAcquire() {
  }

  static CompletionStage<Boolean> attempt(RateLimiter limiter, Ticker ticker, long permits, long deadline) {
    long left = deadline - ticker.read();
    if (left < 0) {
      return CompletableFuture.completedFuture(false);
    }
    return limiter.reserveAsync(permits, left).thenCompose(wait -> {
      if (wait >= 0) {
        if (wait == 0) {
          return CompletableFuture.completedFuture(true);
        }
        return CompletableFuture.supplyAsync(() -> true, ticker.delayedExecutor(wait));
      }
      return limiter.nanosToWaitAsync(permits).thenCompose(retry -> {
        long now = ticker.read();
        if (retry == Decision.NEVER || retry > deadline - now) {
          return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> null, ticker.delayedExecutor(Math.max(retry, 1_000L)))
            .thenCompose(ignored -> attempt(limiter, ticker, permits, deadline));
      });
    });
  }
}
