package dev.corral.async.flow;

import dev.corral.async.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * How {@link Async#retry(RetryPolicy, Task)} retries: at most {@link #times()} attempts, a wait before each retry
 * given by a backoff function of the retry number (1 for the first retry), and an error filter that decides which
 * failures are worth another attempt. The defaults are async.js's: 5 attempts, no wait, every error retried.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .times(4)
 *     .backoff(retry -> Duration.ofMillis(100L << retry))      // 200, 400, 800 ms
 *     .retryIf(error -> error instanceof IOException)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; one policy may serve any number of concurrent retries.
 */
public final class RetryPolicy {
  private final int times;
  private final IntFunction<Duration> backoff;
  private final Predicate<? super Throwable> retryIf;
  private final Scheduler scheduler;

  private RetryPolicy(Builder builder) {
    this.times = builder.times;
    this.backoff = builder.backoff;
    this.retryIf = builder.retryIf;
    this.scheduler = builder.scheduler;
  }

  /** A builder with async.js's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A policy of {@code times} attempts with no wait between them; see {@link Builder#times(int)}. */
  public static RetryPolicy times(int times) {
    return builder().times(times).build();
  }

  /** The most attempts, counting the first; at least 1. */
  public int times() {
    return times;
  }

  /** The wait before retry number {@code retry} (1-based); never negative. */
  Duration delayBefore(int retry) {
    Duration delay = backoff.apply(retry);
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("backoff(" + retry + "): " + delay + " (expected: a duration >= 0)");
    }
    return delay;
  }

  boolean retries(Throwable failure) {
    return retryIf.test(failure);
  }

  Scheduler scheduler() {
    return scheduler;
  }

  /** Builds a {@link RetryPolicy}; each setter validates its argument at once. Not thread-safe. */
  public static final class Builder {
    private int times = 5;
    private IntFunction<Duration> backoff = retry -> Duration.ZERO;
    private Predicate<? super Throwable> retryIf = error -> true;
    private Scheduler scheduler = Scheduler.system();

    private Builder() {}

    /**
     * The most attempts, counting the first (default 5).
     *
     * @throws IllegalArgumentException if {@code times < 1}
     */
    public Builder times(int times) {
      this.times = Require.atLeastOne("times", times);
      return this;
    }

    /**
     * The same wait before every retry (default none).
     *
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("interval: " + interval + " (expected: >= 0)");
      }
      this.backoff = retry -> interval;
      return this;
    }

    /** The wait before each retry as a function of the retry number, 1 for the first retry. */
    public Builder backoff(IntFunction<Duration> backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Which failures get another attempt (default all); a failure it rejects ends the retry at once. */
    public Builder retryIf(Predicate<? super Throwable> retryIf) {
      this.retryIf = Objects.requireNonNull(retryIf, "retryIf");
      return this;
    }

    /** Where the waits between attempts are timed (default {@link Scheduler#system()}); tests pass a fake. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
