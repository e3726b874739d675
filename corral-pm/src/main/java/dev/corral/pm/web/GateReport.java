package dev.corral.pm.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard shows of a cluster-mode app's gate: its upstream servers from the gate's runtime API, and its
 * traffic when the gate exports metrics. Immutable.
 *
 * @param servers the members of the app's upstream, primaries first
 * @param traffic the gate's request figures; empty when the gate does not export them
 */
public record GateReport(List<Server> servers, Optional<Traffic> traffic) {
  public GateReport {
    servers = List.copyOf(servers);
  }

  /**
   * One upstream server.
   *
   * @param state {@code up}, {@code down}, {@code draining}, {@code unhealthy} or {@code unavail}
   * @param active requests in flight on it
   * @param fails failures in the current fail_timeout window
   */
  public record Server(String address, String state, int active, int fails, int weight, boolean backup) {}

  /**
   * Cumulative request figures, as counters: the dashboard turns two of them into rates.
   *
   * @param requests requests answered since the gate started
   * @param errors those answered with a 5xx status
   * @param latencyBuckets the request-time histogram: upper bound in seconds to cumulative count
   * @param limitDecisions limit_req/limit_conn decisions since start, by decision ({@code passed},
   *     {@code rejected}, {@code delayed}, {@code dry_run})
   */
  public record Traffic(double requests, double errors, Map<Double, Double> latencyBuckets,
      Map<String, Double> limitDecisions) {
    public Traffic {
      latencyBuckets = Map.copyOf(latencyBuckets);
      limitDecisions = Map.copyOf(limitDecisions);
    }
  }
}
