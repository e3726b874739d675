package com.google.common.util.concurrent;

import dev.corral.limit.FakeTicker;
import java.util.concurrent.TimeUnit;

/** Test-only bridge: a Guava RateLimiter on a {@link FakeTicker} (Guava's package-private SleepingStopwatch). */
public final class GuavaFakeClock {
  private GuavaFakeClock() {
  }

  public static RateLimiter warmingUp(double permitsPerSecond, long warmupNanos, double coldFactor, FakeTicker t) {
    long origin = t.read();
    RateLimiter.SleepingStopwatch sw = new RateLimiter.SleepingStopwatch() {
      @Override
      protected long readMicros() {
        return (t.read() - origin) / 1000;
      }

      @Override
      protected void sleepMicrosUninterruptibly(long micros) {
        if (micros > 0) {
          t.advance(micros * 1000);
        }
      }
    };
    return RateLimiter.create(permitsPerSecond, warmupNanos, TimeUnit.NANOSECONDS, coldFactor, sw);
  }
}
