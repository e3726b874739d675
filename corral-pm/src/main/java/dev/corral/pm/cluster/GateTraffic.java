package dev.corral.pm.cluster;

import dev.corral.pm.web.GateReport;
import dev.corral.pm.web.PrometheusText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gate's {@code /metrics} summed into what the dashboard shows: requests and 5xx answers, the request-time
 * histogram and the limit decisions, each over every server, location and upstream. The names are the gate's
 * (corral-gate's metrics package); a family that is absent counts as zero. Stateless.
 */
final class GateTraffic {
  /** corral-gate's RequestMeters: requests by server, location, upstream and status class ({@code 5xx}). */
  static final String REQUESTS = "corral_gate_requests";
  /** The request-time histogram (a Micrometer timer with SLO buckets). */
  static final String REQUEST_SECONDS = "corral_gate_request_duration_seconds";
  /** limit_req and limit_conn decisions by zone and result ({@code passed}, {@code rejected}, …). */
  static final List<String> LIMITS = List.of("corral_gate_limit_req", "corral_gate_limit_conn");
  private static final List<String> STATUS_LABELS = List.of("status");

  private GateTraffic() {}

  /** The traffic in {@code text}; empty when it does not parse or is not a gate's. */
  static Optional<GateReport.Traffic> of(String text) {
    Map<String, PrometheusText.Family> m;
    try {
      m = PrometheusText.parse(text, false);
    } catch (PrometheusText.ParseException e) {
      return Optional.empty();
    }
    if (m.keySet().stream().noneMatch(name -> name.startsWith("corral_gate_"))) {
      return Optional.empty();
    }
    // A gate that has answered no request yet has no request series (its meters are made on first use).
    PrometheusText.Family requests = m.getOrDefault(REQUESTS, m.get(REQUESTS + "_total"));
    double total = 0;
    double errors = 0;
    for (PrometheusText.Sample s : requests == null ? List.<PrometheusText.Sample>of() : requests.samples()) {
      if (s.name().endsWith("_created")) {
        continue;
      }
      total += s.value();
      if (STATUS_LABELS.stream().map(s.labels()::get).anyMatch(v -> v != null && v.startsWith("5"))) {
        errors += s.value();
      }
    }
    Map<Double, Double> buckets = new HashMap<>();
    PrometheusText.Family latency = m.get(REQUEST_SECONDS);
    if (latency != null) {
      for (PrometheusText.Sample s : latency.samples()) {
        String le = s.labels().get("le");
        if (s.name().equals(REQUEST_SECONDS + "_bucket") && le != null) {
          buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value(),
              Double::sum);
        }
      }
    }
    Map<String, Double> decisions = new HashMap<>();
    for (String name : LIMITS) {
      PrometheusText.Family limits = m.getOrDefault(name, m.get(name + "_total"));
      if (limits != null) {
        String kind = name.substring("corral_gate_".length());
        for (PrometheusText.Sample s : limits.samples()) {
          if (!s.name().endsWith("_created")) {
            decisions.merge(kind + " " + s.labels().getOrDefault("result", "all"), s.value(), Double::sum);
          }
        }
      }
    }
    return Optional.of(new GateReport.Traffic(total, errors, buckets, decisions));
  }
}
