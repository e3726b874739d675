package dev.corral.pm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.pm.web.GateReport;
import org.junit.jupiter.api.Test;

/** The gate's /metrics, in the shape corral-gate's RequestMeters writes it, summed for the dashboard. */
class GateTrafficTest {
  private static final String SCRAPE = """
      # HELP corral_gate_requests_total Requests answered by the gate
      # TYPE corral_gate_requests_total counter
      corral_gate_requests_total{location="/",server="_",status="2xx",upstream="web"} 90.0
      corral_gate_requests_total{location="/",server="_",status="5xx",upstream="web"} 6.0
      corral_gate_requests_total{location="/api",server="_",status="4xx",upstream="web"} 4.0
      # HELP corral_gate_request_duration_seconds Time from a request's first byte to its log line
      # TYPE corral_gate_request_duration_seconds histogram
      corral_gate_request_duration_seconds_bucket{server="_",le="0.001"} 10.0
      corral_gate_request_duration_seconds_bucket{server="_",le="0.01"} 80.0
      corral_gate_request_duration_seconds_bucket{server="_",le="+Inf"} 100.0
      corral_gate_request_duration_seconds_count{server="_"} 100.0
      corral_gate_request_duration_seconds_sum{server="_"} 0.9
      # HELP corral_gate_limit_req_total Decisions of the gate's limit_req zones
      # TYPE corral_gate_limit_req_total counter
      corral_gate_limit_req_total{result="passed",zone="one"} 96.0
      corral_gate_limit_req_total{result="rejected",zone="one"} 4.0
      """;

  @Test
  void requestsErrorsLatencyAndLimitDecisionsAreSummedOverTheirSeries() {
    GateReport.Traffic t = GateTraffic.of(SCRAPE).orElseThrow();
    assertThat(t.requests()).isEqualTo(100.0);
    assertThat(t.errors()).isEqualTo(6.0);
    assertThat(t.latencyBuckets()).containsEntry(0.01, 80.0).containsEntry(Double.POSITIVE_INFINITY, 100.0);
    assertThat(t.limitDecisions()).containsEntry("limit_req passed", 96.0).containsEntry("limit_req rejected", 4.0);
  }

  @Test
  void aGateThatHasAnsweredNothingHasZeroRequests() {
    GateReport.Traffic t = GateTraffic.of("# TYPE corral_gate_connections_active gauge\n"
        + "corral_gate_connections_active 0.0\n").orElseThrow();
    assertThat(t.requests()).isZero();
    assertThat(t.latencyBuckets()).isEmpty();
  }

  @Test
  void aScrapeThatIsNotAGatesOrDoesNotParseHasNoTraffic() {
    assertThat(GateTraffic.of("# TYPE up gauge\nup 1\n")).isEmpty();
    assertThat(GateTraffic.of("not metrics")).isEmpty();
  }
}
