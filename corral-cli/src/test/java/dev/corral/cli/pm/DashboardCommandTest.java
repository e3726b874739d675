package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral dashboard} end to end: the real CLI starts the dashboard in the real daemon, which shows a
 * cluster-mode app's gate (a real gate process) with its servers from the admin socket and its figures from the
 * gate's {@code /metrics}.
 */
class DashboardCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void printsTheAddressOfADashboardThatShowsTheGateOfAClusterModeApp() throws Exception {
    int port = freePort();
    try (Cli cli = new Cli(dir)) {
      String java = ProcessHandle.current().info().command().orElse("java");
      cli.ok("start", "--name", "web", "-i", "2", "--port", Integer.toString(port), "--", java,
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
          ClusterApp.class.getName());
      String url = cli.ok("dashboard", "--port", "0").trim();
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");
      assertThat(cli.ok("dashboard", "--port", "0").trim()).isEqualTo(url);

      await().atMost(WAIT).ignoreExceptions().until(() -> {
        get(port, "/");
        JsonNode gates = JSON.readTree(get(url + "api/state")).path("gates");
        return gates.size() == 1 && gates.get(0).path("servers").size() == 2
            && gates.get(0).path("servers").findValuesAsText("state").stream().allMatch("up"::equals);
      });
      JsonNode gate = JSON.readTree(get(url + "api/state")).path("gates").get(0);
      assertThat(gate.path("app").asText()).isEqualTo("web");
      assertThat(gate.path("source").asText()).isEqualTo("metrics");
      assertThat(get(url + "metrics")).contains("corral_pm_instance_state{app=\"web\"");
    }
  }

  @Test
  void anAddressOffLoopbackWithoutATokenIsOneLineAndExitCodeOne() throws Exception {
    try (Cli cli = new Cli(dir)) {
      Cli.Result r = cli.run("dashboard", "--host", "0.0.0.0");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().trim()).isEqualTo("corral: host: 0.0.0.0 is not loopback (expected: --token too, so that"
          + " nobody else on the network can use the dashboard)");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String get(int port, String path) throws Exception {
    return get("http://127.0.0.1:" + port + path);
  }

  private static String get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
      return r.body();
    }
  }
}
