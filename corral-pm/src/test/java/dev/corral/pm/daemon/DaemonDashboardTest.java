package dev.corral.pm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corral dashboard}'s request to a real daemon: the dashboard starts in it on demand and stays. */
class DaemonDashboardTest {
  @TempDir Path dir;

  @Test
  void theDaemonStartsItsDashboardOnceAndKeepsIt() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      Reply.DashboardAddress first = d.client.send(new Request.Dashboard("127.0.0.1", 0, ""));
      assertThat(first.url()).isEqualTo("http://127.0.0.1:" + first.port() + "/");
      assertThat(status(first.url() + "api/state")).isEqualTo(200);

      Reply.DashboardAddress again = d.client.send(new Request.Dashboard("127.0.0.1", 0, ""));
      assertThat(again.port()).isEqualTo(first.port());
    }
  }

  @Test
  void aDashboardWithATokenReplacesTheOneWithout() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      Reply.DashboardAddress open = d.client.send(new Request.Dashboard("127.0.0.1", 0, ""));
      String token = "0123456789abcdef0123";
      Reply.DashboardAddress closed = d.client.send(new Request.Dashboard("127.0.0.1", 0, token));
      assertThat(closed.url()).endsWith("/?token=" + token);
      assertThat(status("http://127.0.0.1:" + closed.port() + "/api/state")).isEqualTo(401);
      assertThat(closed.port()).isNotEqualTo(open.port());
      assertThatThrownBy(() -> status("http://127.0.0.1:" + open.port() + "/api/state"))
          .isInstanceOf(java.net.ConnectException.class);
    }
  }

  @Test
  void anAddressOffLoopbackWithoutATokenIsRefusedInOneLine() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      assertThatThrownBy(() -> d.client.send(new Request.Dashboard("0.0.0.0", 0, "")))
          .isInstanceOf(PmException.class)
          .hasMessage("host: 0.0.0.0 is not loopback (expected: --token too, so that nobody else on the network"
              + " can use the dashboard)");
    }
  }

  private static int status(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }
}
