package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.metrics.PrometheusText;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request metrics of a real gate say exactly what it did: N requests, M of them refused by limit_req. */
class RequestMetricsTest {
  private static final int REQUESTS = 12;
  /** {@code rate=1r/m burst=3 nodelay}: the first request and a burst of 3 pass within the minute. */
  private static final int PASSED = 4;

  @TempDir Path prefix;
  private Backend app;
  private AdminGate gate;

  @BeforeEach
  void start() throws Exception {
    app = new Backend("app");
    gate = new AdminGate(prefix, """
        admin_listen 127.0.0.1:APORT;
        http {
          access_log off;
          limit_req_zone $binary_remote_addr zone=perip:1m rate=1r/m;
          upstream app { zone app 64k; server %s; }
          server {
            listen 127.0.0.1:PORT;
            server_name shop;
            location /api/ { limit_req zone=perip burst=3 nodelay; proxy_pass http://app; }
            location = /ping { return 200 pong; }
          }
        }
        """.formatted(app.address()));
  }

  @AfterEach
  void stop() throws Exception {
    gate.close();
    app.close();
  }

  private Map<String, PrometheusText.Family> scrape() throws Exception {
    HttpResponse<String> metrics = gate.http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gate.adminPort + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return PrometheusText.parse(metrics.body());
  }

  private static double sum(Map<String, PrometheusText.Family> families, String family, String sample,
      Map<String, String> labels) {
    PrometheusText.Family f = families.get(family);
    if (f == null) {
      return 0;
    }
    return f.samples().stream()
        .filter(s -> s.name().equals(sample) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  @Test
  void countersSayNRequestsOfWhichMWereRejected() throws Exception {
    int refused = 0;
    for (int i = 0; i < REQUESTS; i++) {
      if (gate.get("/api/items").statusCode() == 503) {
        refused++;
      }
    }
    gate.get("/ping");
    assertThat(refused).as("the gate refused all beyond the burst").isEqualTo(REQUESTS - PASSED);

    Map<String, PrometheusText.Family> f = scrape();

    String requests = "corral_gate_requests_total";
    assertThat(sum(f, requests, requests, Map.of("server", "shop", "location", "/api/", "upstream", "app")))
        .isEqualTo(REQUESTS);
    assertThat(sum(f, requests, requests, Map.of("location", "/api/", "status", "5xx"))).isEqualTo(refused);
    assertThat(sum(f, requests, requests, Map.of("location", "/api/", "status", "2xx"))).isEqualTo(PASSED);
    assertThat(sum(f, requests, requests, Map.of("location", "= /ping", "upstream", "-"))).isEqualTo(1);
    String limit = "corral_gate_limit_req_total";
    assertThat(sum(f, limit, limit, Map.of("zone", "perip", "result", "rejected"))).isEqualTo(refused);
    assertThat(sum(f, limit, limit, Map.of("zone", "perip", "result", "passed"))).isEqualTo(PASSED);
    String tries = "corral_gate_upstream_tries_total";
    assertThat(sum(f, tries, tries, Map.of("upstream", "app", "result", "ok"))).isEqualTo(PASSED);
    assertThat(sum(f, "corral_gate_request_duration_seconds", "corral_gate_request_duration_seconds_count",
        Map.of("server", "shop"))).isEqualTo(REQUESTS + 1);
    assertThat(sum(f, "corral_gate_upstream_response_duration_seconds",
        "corral_gate_upstream_response_duration_seconds_count", Map.of("upstream", "app"))).isEqualTo(PASSED);
    assertThat(sum(f, "corral_gate_sent_bytes_total", "corral_gate_sent_bytes_total", Map.of("server", "shop")))
        .isPositive();
  }

  @Test
  void aGateWithoutAdminListenRecordsNothingAndStartsRecordingWhenOneIsAdded() throws Exception {
    gate.write("""
        http { access_log off; server { listen 127.0.0.1:PORT; location = /ping { return 200 pong; } } }
        """);
    assertThat(gate.server.reload()).isTrue();
    gate.get("/ping");
    gate.write("""
        admin_listen 127.0.0.1:APORT;
        http { access_log off; server { listen 127.0.0.1:PORT; location = /ping { return 200 pong; } } }
        """);
    assertThat(gate.server.reload()).isTrue();
    gate.get("/ping");

    Map<String, PrometheusText.Family> f = scrape();

    assertThat(sum(f, "corral_gate_requests_total", "corral_gate_requests_total", Map.of("location", "= /ping")))
        .as("only the request made while the admin listener was there").isEqualTo(1);
  }
}
