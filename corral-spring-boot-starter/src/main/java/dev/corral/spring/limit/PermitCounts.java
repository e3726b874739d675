package dev.corral.spring.limit;

import java.util.concurrent.atomic.LongAdder;

/** Permits granted and refused by one named limiter; thread-safe, contention-free adders. */
final class PermitCounts {
  private final LongAdder granted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  void granted(long permits) {
    granted.add(permits);
  }

  void rejected(long permits) {
    rejected.add(permits);
  }

  void count(boolean allowed, long permits) {
    (allowed ? granted : rejected).add(permits);
  }

  long granted() {
    return granted.sum();
  }

  long rejected() {
    return rejected.sum();
  }
}
