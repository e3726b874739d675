package dev.corral.pm.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's charts: one {@link SeriesRing} per series key ({@code cpu/3}, {@code mem/3}, {@code rps/web},
 * {@code p99/web}), each as long as the window at the sampling period. A series whose instance or app is gone is
 * dropped at the next sample ({@link #retain}).
 *
 * <p>Thread-safe: the sampler adds and retains, HTTP threads read.
 */
final class History {
  /** How far back the charts go. */
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final int capacity;
  private final Map<String, SeriesRing> series = new ConcurrentHashMap<>();

  /** @param period the sampling period; the rings hold {@link #WINDOW} of it */
  History(Duration period) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
    }
    this.capacity = (int) Math.max(1, WINDOW.toMillis() / period.toMillis());
  }

  void add(String key, long timeMs, double value) {
    series.computeIfAbsent(key, k -> new SeriesRing(capacity)).add(timeMs, value);
  }

  /** Drops every series whose key is not in {@code keys}. */
  void retain(Set<String> keys) {
    series.keySet().retainAll(keys);
  }

  /** Every series as {@code [[timeMs, value], …]}, oldest first, by key. */
  Map<String, List<Object[]>> all() {
    Map<String, List<Object[]>> out = new LinkedHashMap<>();
    new java.util.TreeMap<>(series).forEach((k, ring) -> out.put(k, ring.points().stream()
        .map(p -> new Object[] {p.timeMs(), p.value()}).toList()));
    return out;
  }
}
