package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The balancing methods wired through the proxy: keys come from the request's variables. */
class BalancingThroughProxyTest {
  @TempDir Path prefix;

  private String run(String method, String path, int times) throws Exception {
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b"); TestBackend c = new TestBackend("c");
        GateHarness gate = new GateHarness(prefix, """
            http { access_log off;
              upstream app { %s server %s; server %s; server %s; }
              server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
            }
            """.formatted(method, a.address(), b.address(), c.address()))) {
      StringBuilder seen = new StringBuilder();
      for (int i = 0; i < times; i++) {
        seen.append(gate.get(path).body());
      }
      return seen.toString();
    }
  }

  @Test
  void hashOnRequestUriSendsOneUriToOneServer() throws Exception {
    String seen = run("hash $request_uri consistent;", "/item/42", 6);
    assertThat(seen.chars().distinct().count()).isEqualTo(1);
  }

  @Test
  void ipHashSendsOneClientToOneServer() throws Exception {
    String seen = run("ip_hash;", "/x", 6);
    assertThat(seen.chars().distinct().count()).isEqualTo(1);
  }

  @Test
  void roundRobinVisitsEveryServer() throws Exception {
    assertThat(run("", "/x", 6)).isEqualTo("abcabc");
  }

  @Test
  void leastRequestExtensionServes() throws Exception {
    assertThat(run("least_request;", "/x", 6)).hasSize(6).matches("[abc]+");
  }
}
