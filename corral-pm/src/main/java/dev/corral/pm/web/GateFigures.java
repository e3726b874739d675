package dev.corral.pm.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A gate as the page shows it: its servers, and over the last sampling period its request rate, error rate and
 * latency quantiles, computed from two successive {@link GateReport.Traffic} readings (a counter that went down
 * means the gate restarted: that period shows no rate). Immutable.
 *
 * @param source {@code metrics} when the traffic figures come from the gate's metrics, {@code admin-api} when only
 *     the servers are known
 */
record GateFigures(String app, List<GateReport.Server> servers, Double rps, Double errorRate, Double p50Ms,
    Double p99Ms, Map<String, Double> limitDecisions, String source) {

  static GateFigures of(String app, GateReport now, Optional<GateReport.Traffic> before, double seconds) {
    if (now.traffic().isEmpty()) {
      return new GateFigures(app, now.servers(), null, null, null, null, Map.of(), "admin-api");
    }
    GateReport.Traffic t = now.traffic().get();
    if (before.isEmpty() || seconds <= 0 || t.requests() < before.get().requests()) {
      return new GateFigures(app, now.servers(), null, null, null, null, t.limitDecisions(), "metrics");
    }
    GateReport.Traffic b = before.get();
    double requests = t.requests() - b.requests();
    double errors = Math.max(0, t.errors() - b.errors());
    TreeMap<Double, Double> delta = new TreeMap<>();
    t.latencyBuckets().forEach((le, count) -> delta.put(le, count - b.latencyBuckets().getOrDefault(le, 0.0)));
    return new GateFigures(app, now.servers(), requests / seconds, requests > 0 ? errors / requests : 0.0,
        quantileMs(delta, 0.5), quantileMs(delta, 0.99), t.limitDecisions(), "metrics");
  }

  /**
   * The {@code q} quantile of a cumulative histogram (upper bound to count), by linear interpolation inside the
   * bucket it falls in, as Prometheus's {@code histogram_quantile}; null when the histogram is empty. A quantile in
   * the {@code +Inf} bucket is the highest finite bound.
   */
  static Double quantileMs(TreeMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
      return null;
    }
    double total = cumulative.lastEntry().getValue();
    double rank = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return lowerBound * 1000;
        }
        double inBucket = e.getValue() - lowerCount;
        double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
        return (lowerBound + (e.getKey() - lowerBound) * fraction) * 1000;
      }
      lowerBound = e.getKey().isInfinite() ? lowerBound : e.getKey();
      lowerCount = e.getValue();
    }
    return lowerBound * 1000;
  }
}
