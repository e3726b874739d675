package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxy_hide_header} and {@code proxy_pass_header} over real HTTP, with nginx's default hidden list. */
class HiddenHeadersTest {
  @TempDir Path prefix;
  private HttpServer backend;
  private GateHarness gate;

  @BeforeEach
  void backend() throws Exception {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.createContext("/", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().add("Server", "upstream/1.0");
        exchange.getResponseHeaders().add("X-Accel-Charset", "koi8-r");
        exchange.getResponseHeaders().add("X-Pad", "avoid browser bug");
        exchange.getResponseHeaders().add("X-Secret", "s3cr3t");
        exchange.getResponseHeaders().add("X-Kept", "k");
        exchange.sendResponseHeaders(200, -1);
      }
    });
    backend.start();
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
    backend.stop(0);
  }

  private HttpHeaders headers(String server, String location, String path) throws Exception {
    if (gate == null) {
      gate = new GateHarness(prefix, ("http { access_log off; server { listen 127.0.0.1:PORT; %s "
          + "location / { proxy_pass http://127.0.0.1:%d; } "
          + "location /own { %s proxy_pass http://127.0.0.1:%d; } } }").formatted(server,
          backend.getAddress().getPort(), location, backend.getAddress().getPort()));
    }
    return gate.get(path).headers();
  }

  @Test
  void nginxsControlHeadersAreHiddenByDefaultAndTheServerIsTheGates() throws Exception {
    HttpHeaders h = headers("", "", "/");
    assertThat(h.firstValue("X-Accel-Charset")).isEmpty();
    assertThat(h.firstValue("X-Pad")).isEmpty();
    assertThat(h.firstValue("X-Secret")).contains("s3cr3t");
    assertThat(h.firstValue("X-Kept")).contains("k");
    assertThat(h.firstValue("Server").orElseThrow()).startsWith("corral");
  }

  @Test
  void hideAndPassChangeTheListAndPassingServerKeepsTheUpstreams() throws Exception {
    HttpHeaders h = headers("proxy_hide_header x-secret; proxy_pass_header X-Accel-Charset; "
        + "proxy_pass_header Server;", "", "/");
    assertThat(h.firstValue("X-Secret")).isEmpty();
    assertThat(h.firstValue("X-Accel-Charset")).contains("koi8-r");
    assertThat(h.firstValue("X-Pad")).isEmpty();
    assertThat(h.allValues("Server")).containsExactly("upstream/1.0");
  }

  @Test
  void aLevelWithEitherDirectiveStartsBothListsAfresh() throws Exception {
    HttpHeaders own = headers("proxy_hide_header X-Secret; proxy_pass_header Server;",
        "proxy_pass_header X-Pad;", "/own");
    assertThat(own.firstValue("X-Pad")).contains("avoid browser bug");
    assertThat(own.firstValue("X-Secret")).as("the server's hide list is not inherited").contains("s3cr3t");
    assertThat(own.firstValue("Server").orElseThrow()).as("nor its pass list").startsWith("corral");
    HttpHeaders inherited = headers("", "", "/");
    assertThat(inherited.firstValue("X-Secret")).isEmpty();
    assertThat(inherited.allValues("Server")).containsExactly("upstream/1.0");
  }
}
