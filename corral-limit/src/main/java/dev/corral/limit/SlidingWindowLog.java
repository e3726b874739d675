package dev.corral.limit;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exact sliding-window log: the times of the last {@code limit} admissions in a ring; a request is admitted
 * when, counting it, no more than {@code limit} admissions fall in the last {@code window}. Exact in every
 * sliding window, at the cost of O(limit) memory ({@code 8 × limit} bytes) per limiter.
 *
 * <p>Updating several ring entries atomically needs mutual exclusion: a short {@link ReentrantLock} section
 * (no allocation, virtual-thread friendly). {@code limit} up to 2^24.
 *
 * <p>Reservations book future permits in order: {@code reserve(n, maxWait)} logs the {@code n} permits at the
 * earliest time {@code T} that is not before now nor before the newest logged (possibly booked) permit, and at which
 * they fit in the window ending at {@code T}; it waits {@code T − now}, or is refused if that is beyond
 * {@code maxWait}. Since every permit is logged no earlier than the ones before it, counting them at {@code T}
 * keeps every sliding window within {@code limit}, booked permits included. A booking delays whoever comes after it,
 * as with GCRA. Redis's {@code sliding_log} does the same.
 */
public final class SlidingWindowLog extends LocalRateLimiter {

  private final long origin;
  private final long limit;
  private final long window;
  private final long[] ring;
  private final ReentrantLock lock = new ReentrantLock();
  private int head;   // oldest entry
  private int size;

  private SlidingWindowLog(long limit, long windowNanos, Ticker ticker) {
    super(ticker);
    if (limit < 1 || limit > (1 << 24)) {
      throw LimitConfigException.argument("limit", "1 to 2^24 permits per window (the log keeps one "
          + "timestamp per permit)", limit);
    }
    if (windowNanos < 1) {
      throw LimitConfigException.argument("window", "a positive duration", windowNanos + "ns");
    }
    this.origin = ticker.read();
    this.limit = limit;
    this.window = windowNanos;
    this.ring = new long[(int) limit];
  }

  public static SlidingWindowLog of(long limit, Duration window) {
    return of(limit, window, Ticker.system());
  }

  public static SlidingWindowLog of(long limit, Duration window, Ticker ticker) {
    return new SlidingWindowLog(limit, window.toNanos(), ticker);
  }

  @Override
  public long limit() {
    return limit;
  }

  /** Drops entries outside the window ending at {@code e}; call with the lock held. */
  private void expire(long e) {
    long cutoff = e - window;
    while (size > 0 && ring[head] <= cutoff) {
      head = head + 1 == ring.length ? 0 : head + 1;
      size--;
    }
  }

  private int at(int offset) {
    int i = head + offset;
    return i >= ring.length ? i - ring.length : i;
  }

  /**
   * With the lock held and the window ending at {@code e} expired: the earliest time, not before {@code e} nor before
   * the newest entry, at which {@code n} more fit in the window ending there.
   */
  private long earliest(long e, long n) {
    long t = size > 0 ? Math.max(e, ring[at(size - 1)]) : e;
    if (size + n > limit) {
      int leave = (int) (size + n - limit);   // entries that must leave the window first
      t = Math.max(t, ring[at(leave - 1)] + window);
    }
    return t;
  }

  @Override
  long reserveAt(long now, long permits, long maxWaitNanos) {
    if (permits > limit) {
      return Long.MIN_VALUE;
    }
    long e = now - origin;
    lock.lock();
    try {
      expire(e);
      // never before the newest entry: a racing caller with an older clock reading, or a booking
      long t = earliest(e, permits);
      long wait = t - e;
      if (wait > Math.max(0, maxWaitNanos)) {
        return refusal(Math.max(1, wait));
      }
      expire(t); // entries out of the window at t can no longer matter: every later permit is logged at >= t
      for (long i = 0; i < permits; i++) {
        ring[at(size)] = t;
        size++;
      }
      return wait;
    } finally {
      lock.unlock();
    }
  }

  @Override
  Decision decideAt(long now, long permits) {
    long e = now - origin;
    lock.lock();
    try {
      long r = reserveAt(now, permits, 0);
      boolean booked = size > 0 && ring[at(size - 1)] > e; // permits booked ahead: none can be taken now
      long remaining = booked ? 0 : limit - size;
      long reset = size == 0 ? 0 : Math.max(0, ring[at(size - 1)] + window - e);
      if (r >= 0) {
        return Decision.passed(permits, remaining, limit, reset);
      }
      return Decision.rejected(permits, remaining, limit, retryAfterOf(r), reset);
    } finally {
      lock.unlock();
    }
  }

  @Override
  long nanosToWaitAt(long now, long permits) {
    if (permits > limit) {
      return NEVER;
    }
    long e = now - origin;
    lock.lock();
    try {
      expire(e);
      return earliest(e, permits) - e;
    } finally {
      lock.unlock();
    }
  }

  @Override
  boolean atRest(long now) {
    lock.lock();
    try {
      expire(now - origin);
      return size == 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SlidingWindowLog[" + limit + " per " + Duration.ofNanos(window) + "]";
  }
}
