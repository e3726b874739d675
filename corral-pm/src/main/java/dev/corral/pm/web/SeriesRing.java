package dev.corral.pm.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} points of one series (time in epoch milliseconds, value), oldest first: the dashboard's
 * 15-minute charts come from these, so memory per series is fixed whatever the uptime. A full ring overwrites its
 * oldest point.
 *
 * <p>Thread-safe: the sampler thread adds, HTTP threads read; both synchronize on the ring.
 */
final class SeriesRing {
  /** One point. */
  record Point(long timeMs, double value) {}

  private final long[] times;
  private final double[] values;
  // Guarded by this: the next slot to write and how many slots hold points.
  private int next;
  private int size;

  SeriesRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
    }
    times = new long[capacity];
    values = new double[capacity];
  }

  synchronized void add(long timeMs, double value) {
    times[next] = timeMs;
    values[next] = value;
    next = (next + 1) % times.length;
    size = Math.min(size + 1, times.length);
  }

  /** The points, oldest first. */
  synchronized List<Point> points() {
    List<Point> out = new ArrayList<>(size);
    int start = (next - size + times.length) % times.length;
    for (int i = 0; i < size; i++) {
      int at = (start + i) % times.length;
      out.add(new Point(times[at], values[at]));
    }
    return out;
  }
}
