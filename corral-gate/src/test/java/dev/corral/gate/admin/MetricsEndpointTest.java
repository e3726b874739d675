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

/** {@code GET /metrics} on the admin listener of a real gate: both formats, and never on a proxy port. */
class MetricsEndpointTest {
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
          upstream app { zone app 64k; server %s; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
        }
        """.formatted(app.address()));
  }

  @AfterEach
  void stop() throws Exception {
    gate.close();
    app.close();
  }

  private HttpResponse<String> admin(String method, String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gate.adminPort + path))
        .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) {
      request.header("Accept", accept);
    }
    return gate.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double sample(Map<String, PrometheusText.Family> families, String family, String name,
      Map<String, String> labels) {
    return families.get(family).samples().stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  @Test
  void theAdminListenerServesPrometheusText() throws Exception {
    HttpResponse<String> metrics = admin("GET", "/metrics", null);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    Map<String, PrometheusText.Family> families = PrometheusText.parse(metrics.body());
    assertThat(families).containsKeys("corral_gate_connections", "corral_gate_upstream_peer_state",
        "jvm_memory_used_bytes");
    assertThat(sample(families, "corral_gate_upstream_peer_state", "corral_gate_upstream_peer_state",
        Map.of("upstream", "app", "peer", app.address(), "state", "up"))).isEqualTo(1);
    assertThat(sample(families, "corral_gate_upstream_peer_state", "corral_gate_upstream_peer_state",
        Map.of("upstream", "app", "peer", app.address(), "state", "down"))).isZero();
  }

  @Test
  void openMetricsByAccept() throws Exception {
    HttpResponse<String> metrics = admin("GET", "/metrics",
        "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5");

    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(PrometheusText.parseOpenMetrics(metrics.body())).containsKey("corral_gate_connections");
  }

  @Test
  void onlyGet() throws Exception {
    assertThat(admin("POST", "/metrics", null).statusCode()).isEqualTo(405);
  }

  @Test
  void notOnTheProxyPort() throws Exception {
    gate.get("/metrics");
    assertThat(app.requests.get()).as("the proxy port proxied /metrics like any path").isEqualTo(1);
  }
}
