package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regex server names over real HTTP: matched case-insensitively against the lower-cased host, their named groups
 * become variables and their groups {@code $1}…, and {@code $server_name} is the first name as nginx gives it.
 */
class ServerNameCaptureTest {
  @TempDir Path prefix;
  private GateHarness gate;

  @BeforeEach
  void start() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; server_name localhost;"
        + " return 200 \"default\"; }"
        + " server { listen 127.0.0.1:PORT; server_name ~^EXAMPLE\\.COM$; return 200 \"upper $server_name\"; }"
        + " server { listen 127.0.0.1:PORT; server_name \"~^(?P<name>[a-z]+)\\.example\\.com$\";"
        + " return 200 \"name=$name\"; }"
        + " server { listen 127.0.0.1:PORT; server_name \"~^(www)(\\p{N}+)\\.example\\.org$\";"
        + " location / { return 200 \"$1-$2\"; } }"
        + " server { listen 127.0.0.1:PORT; server_name .dot.example.com; return 200 \"$server_name\"; } }");
  }

  @AfterEach
  void stop() {
    gate.close();
  }

  private String body(String host) throws Exception {
    String r = gate.raw("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    return r.substring(r.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void aRegexNameMatchesWhateverTheCaseOfNameAndHost() throws Exception {
    assertThat(body("example.com")).isEqualTo("upper ~^EXAMPLE\\.COM$");
    assertThat(body("EXAMPLE.COM")).isEqualTo("upper ~^EXAMPLE\\.COM$");
  }

  @Test
  void aNamedGroupBecomesAVariableOfTheLowerCasedHost() throws Exception {
    assertThat(body("blah.example.com")).isEqualTo("name=blah");
    assertThat(body("BLAH.EXAMPLE.COM:8080")).isEqualTo("name=blah");
  }

  @Test
  void numberedGroupsAreTheRequestsCaptures() throws Exception {
    assertThat(body("www01.example.org")).isEqualTo("www-01");
  }

  @Test
  void serverNameDropsTheLeadingDotOfASuffixName() throws Exception {
    assertThat(body("www.dot.example.com")).isEqualTo("dot.example.com");
    assertThat(body("dot.example.com")).isEqualTo("dot.example.com");
  }

  @Test
  void anUnmatchedHostGoesToTheDefaultServer() throws Exception {
    assertThat(body("other.test")).isEqualTo("default");
  }
}
