package dev.corral.gate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.proxy.ConnectionStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the gate's registry writes, read back with a strict parser of both exposition formats. */
class GateMetricsTest {
  private static final ConnectionStats CONNECTIONS = new ConnectionStats(5, 1, 2, 40, 39, 120);

  // A bound method reference, a new object as GateServer's engine::connectionStats is.
  private final GateMetrics metrics = GateMetrics.create(this::connections, TreeMap::new);

  private ConnectionStats connections() {
    return CONNECTIONS;
  }

  private static double value(Map<String, PrometheusText.Family> families, String family, String sample,
      Map<String, String> labels) {
    return families.get(family).samples().stream()
        .filter(s -> s.name().equals(sample) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private void someTraffic() {
    RequestMeters r = metrics.requests();
    r.request("shop", "/api/", "app", 200, TimeUnit.MILLISECONDS.toNanos(3), 100, 1000);
    r.request("shop", "/api/", "app", 204, TimeUnit.MILLISECONDS.toNanos(30), 100, 200);
    r.request("shop", "/api/", "app", 503, TimeUnit.MILLISECONDS.toNanos(300), 100, 300);
    r.request("shop", "= /status", RequestMeters.NO_UPSTREAM, 200, 1000, 50, 150);
    r.upstreamTry("app", TimeUnit.MILLISECONDS.toNanos(2), true, false);
    r.upstreamTry("app", TimeUnit.MILLISECONDS.toNanos(20), false, true);
    r.limitReq("one", "PASSED");
    r.limitReq("one", "REJECTED");
    r.limitReq("one", "REJECTED_DRY_RUN");
    r.limitConn("addr", "PASSED");
  }

  @Test
  void theTextFormatParsesAndCarriesTheCounts() {
    someTraffic();
    MetricsScrape scrape = metrics.scrape(null);
    assertThat(scrape.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");

    Map<String, PrometheusText.Family> f = PrometheusText.parse(scrape.body());

    assertThat(value(f, "corral_gate_requests_total", "corral_gate_requests_total",
        Map.of("server", "shop", "location", "/api/", "upstream", "app", "status", "2xx"))).isEqualTo(2);
    assertThat(value(f, "corral_gate_requests_total", "corral_gate_requests_total",
        Map.of("status", "5xx"))).isEqualTo(1);
    assertThat(value(f, "corral_gate_requests_total", "corral_gate_requests_total",
        Map.of("location", "= /status", "upstream", "-"))).isEqualTo(1);
    assertThat(f.get("corral_gate_request_duration_seconds").type()).isEqualTo("histogram");
    assertThat(value(f, "corral_gate_request_duration_seconds", "corral_gate_request_duration_seconds_bucket",
        Map.of("server", "shop", "le", "0.05"))).isEqualTo(3);
    assertThat(value(f, "corral_gate_request_duration_seconds", "corral_gate_request_duration_seconds_count",
        Map.of("server", "shop"))).isEqualTo(4);
    assertThat(value(f, "corral_gate_received_bytes_total", "corral_gate_received_bytes_total", Map.of()))
        .isEqualTo(350);
    assertThat(value(f, "corral_gate_sent_bytes_total", "corral_gate_sent_bytes_total", Map.of())).isEqualTo(1650);
    assertThat(value(f, "corral_gate_upstream_tries_total", "corral_gate_upstream_tries_total",
        Map.of("upstream", "app", "result", "failed"))).isEqualTo(1);
    assertThat(value(f, "corral_gate_upstream_retries_total", "corral_gate_upstream_retries_total",
        Map.of("upstream", "app"))).isEqualTo(1);
    assertThat(value(f, "corral_gate_upstream_response_duration_seconds",
        "corral_gate_upstream_response_duration_seconds_count", Map.of("upstream", "app"))).isEqualTo(2);
    assertThat(value(f, "corral_gate_limit_req_total", "corral_gate_limit_req_total",
        Map.of("zone", "one", "result", "rejected"))).isEqualTo(1);
    assertThat(value(f, "corral_gate_limit_req_total", "corral_gate_limit_req_total",
        Map.of("zone", "one", "result", "rejected_dry_run"))).isEqualTo(1);
    assertThat(value(f, "corral_gate_limit_conn_total", "corral_gate_limit_conn_total",
        Map.of("zone", "addr", "result", "passed"))).isEqualTo(1);
  }

  @Test
  void connectionsAreStubStatusCounts() {
    System.gc(); // Micrometer holds a gauge's source weakly: the counts must not depend on an object only it holds
    Map<String, PrometheusText.Family> f = PrometheusText.parse(metrics.scrape(null).body());

    assertThat(value(f, "corral_gate_connections", "corral_gate_connections", Map.of("state", "active")))
        .isEqualTo(5);
    assertThat(value(f, "corral_gate_connections", "corral_gate_connections", Map.of("state", "waiting")))
        .isEqualTo(2);
    assertThat(value(f, "corral_gate_connections_accepted_total", "corral_gate_connections_accepted_total",
        Map.of())).isEqualTo(40);
    assertThat(value(f, "corral_gate_connection_requests_total", "corral_gate_connection_requests_total",
        Map.of())).isEqualTo(120);
  }

  @Test
  void openMetricsIsServedWhenAskedFor() {
    someTraffic();
    MetricsScrape scrape = metrics.scrape("application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
    assertThat(scrape.contentType()).startsWith("application/openmetrics-text; version=1.0.0");

    Map<String, PrometheusText.Family> f = PrometheusText.parseOpenMetrics(scrape.body());

    assertThat(f.get("corral_gate_requests").type()).isEqualTo("counter");
    assertThat(value(f, "corral_gate_requests", "corral_gate_requests_total", Map.of("status", "2xx")))
        .isEqualTo(3);
  }

  @Test
  void openMetricsRefusedWithQZeroFallsBackToText() {
    assertThat(metrics.scrape("application/openmetrics-text; q=0, */*").contentType()).startsWith("text/plain");
  }

  @Test
  void theParserRefusesWhatTheFormatDoesNot() {
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x counter\nx{a=\"1\" 2\n"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx 2\n"))
        .hasMessageContaining("not together");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
        + "h_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n")).hasMessageContaining("cumulative");
    assertThatThrownBy(() -> PrometheusText.parseOpenMetrics("# TYPE x gauge\nx 1\n"))
        .hasMessageContaining("# EOF");
    assertThatThrownBy(() -> PrometheusText.parse("x 1O\n")).hasMessageContaining("not a number");
  }
}
