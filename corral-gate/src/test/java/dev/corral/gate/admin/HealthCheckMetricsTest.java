package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.gate.metrics.PrometheusText;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral_gate_health_checks_total} on a real gate's {@code /metrics}, for a real upstream server that
 * passes its checks, goes down (its socket closed), fails them, and comes back on the same port.
 */
class HealthCheckMetricsTest {
  @TempDir Path prefix;

  private static Map<String, PrometheusText.Family> scrape(AdminGate gate) throws Exception {
    HttpResponse<String> r = gate.http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gate.adminPort + "/metrics"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  private static double checks(AdminGate gate, String server, String result) throws Exception {
    PrometheusText.Family family = scrape(gate).get("corral_gate_health_checks_total");
    if (family == null) {
      return 0;
    }
    return family.samples().stream()
        .filter(s -> s.name().equals("corral_gate_health_checks_total")
            && s.labels().entrySet().containsAll(
                Map.of("upstream", "app", "server", server, "result", result).entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static boolean state(AdminGate gate, String server, String state) throws Exception {
    return scrape(gate).get("corral_gate_upstream_peer_state").samples().stream()
        .anyMatch(s -> s.labels().get("peer").equals(server) && s.labels().get("state").equals(state)
            && s.value() == 1);
  }

  @Test
  void probesAreCountedByResultAsTheServerGoesDownAndComesBack() throws Exception {
    Backend app = new Backend("app");
    int port = app.server.getLocalPort();
    String server = app.address();
    try (AdminGate gate = new AdminGate(prefix, """
        admin_listen 127.0.0.1:APORT;
        http {
          access_log off;
          upstream app { zone app 64k; server %s; health_check interval=100ms fall=1 rise=1 uri=/up; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
        }
        """.formatted(server))) {
      Duration limit = Duration.ofSeconds(30);
      await().atMost(limit).until(() -> checks(gate, server, "pass") >= 2);
      assertThat(checks(gate, server, "fail")).isZero();

      app.close();
      await().atMost(limit).until(() -> checks(gate, server, "fail") >= 2);
      await().atMost(limit).until(() -> state(gate, server, "unhealthy"));
      double passedBefore = checks(gate, server, "pass");

      Backend back = new Backend("app", Backend.Mode.SERVE, port);
      try {
        await().atMost(limit).until(() -> checks(gate, server, "pass") > passedBefore);
        await().atMost(limit).until(() -> state(gate, server, "up"));
        assertThat(back.requests.get()).as("the probes reached the server that came back").isPositive();
      } finally {
        back.close();
      }
    }
  }
}
