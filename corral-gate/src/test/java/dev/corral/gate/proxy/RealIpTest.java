package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.config.ConfigException;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client address over real HTTP: {@code set_real_ip_from}, {@code real_ip_header} (X-Real-IP,
 * X-Forwarded-For, any header), {@code real_ip_recursive}, {@code $realip_remote_addr}, and limit zones keyed by
 * the real address. The test client connects from 127.0.0.1.
 */
class RealIpTest {
  @TempDir Path prefix;
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  private void start(String http) throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; " + http + " }");
  }

  /** The body of {@code GET path} with the extra header lines {@code headers} (each ending in CRLF). */
  private String get(String path, String headers) throws Exception {
    String answer = gate.raw("GET " + path + " HTTP/1.0\r\nHost: x\r\n" + headers + "\r\n");
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }

  private static final String SERVERS = """
      set_real_ip_from 127.0.0.1/32; set_real_ip_from 10.0.1.0/24;
      server { listen 127.0.0.1:PORT;
        location / { return 200 "$remote_addr $realip_remote_addr"; }
        location /custom { real_ip_header X-Client; return 200 "$remote_addr"; }
        location /xff { real_ip_header X-Forwarded-For; return 200 "$remote_addr"; }
        location /xff-recursive { real_ip_header X-Forwarded-For; real_ip_recursive on; return 200 "$remote_addr"; }
      }""";

  @Test
  void aTrustedPeersXRealIpIsTheClientAndTheConnectionsAddressStaysAvailable() throws Exception {
    start(SERVERS);
    assertThat(get("/", "X-Real-IP: 192.0.2.1\r\n")).isEqualTo("192.0.2.1 127.0.0.1");
    assertThat(get("/", "")).isEqualTo("127.0.0.1 127.0.0.1");
    assertThat(get("/", "X-Real-IP: not-an-address\r\n")).isEqualTo("127.0.0.1 127.0.0.1");
  }

  @Test
  void aLocationMayNameAnotherHeader() throws Exception {
    start(SERVERS);
    assertThat(get("/custom", "X-Client: 192.0.2.7\r\n")).isEqualTo("192.0.2.7");
    assertThat(get("/custom", "X-Client: 192.0.2.7\r\nX-Real-IP: 192.0.2.1\r\n"))
        .as("the server's settings act first (nginx's post-read phase)").isEqualTo("192.0.2.1");
  }

  @Test
  void xForwardedForIsReadFromTheRightAcrossItsLines() throws Exception {
    start(SERVERS);
    assertThat(get("/xff", "X-Forwarded-For: 10.0.0.1, 192.0.2.1\r\n")).isEqualTo("192.0.2.1");
    assertThat(get("/xff", "X-Forwarded-For: 192.0.2.1, 10.0.1.1, 127.0.0.1\r\n")).isEqualTo("127.0.0.1");
    assertThat(get("/xff", "X-Forwarded-For: 192.0.2.1\r\nX-Forwarded-For: 127.0.0.1, 10.0.1.1\r\n"))
        .isEqualTo("10.0.1.1");
  }

  @Test
  void recursiveSkipsTrustedAddressesFromTheRight() throws Exception {
    start(SERVERS);
    assertThat(get("/xff-recursive", "X-Forwarded-For: 10.0.1.1, 192.0.2.1, 127.0.0.1\r\n")).isEqualTo("192.0.2.1");
    assertThat(get("/xff-recursive", "X-Forwarded-For: 10.0.1.1\r\nX-Forwarded-For: 192.0.2.1\r\n"
        + "X-Forwarded-For: 127.0.0.1\r\n")).isEqualTo("192.0.2.1");
    assertThat(get("/xff-recursive", "X-Forwarded-For: 10.0.1.2, 127.0.0.1\r\n")).as("all trusted: the leftmost")
        .isEqualTo("10.0.1.2");
    assertThat(get("/xff-recursive", "X-Forwarded-For: [2001:db8::1]:443\r\n")).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void anUntrustedPeersHeaderIsIgnored() throws Exception {
    start("set_real_ip_from 10.0.0.0/8; server { listen 127.0.0.1:PORT; location / { return 200 $remote_addr; } }");
    assertThat(get("/", "X-Real-IP: 192.0.2.1\r\n")).isEqualTo("127.0.0.1");
  }

  @Test
  void limitZonesSeeTheRealAddress() throws Exception {
    start("limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m; set_real_ip_from 127.0.0.1;"
        + "server { listen 127.0.0.1:PORT; location / { limit_req zone=one; return 200 ok; } }");
    String a = gate.raw("GET / HTTP/1.0\r\nX-Real-IP: 192.0.2.1\r\n\r\n");
    String b = gate.raw("GET / HTTP/1.0\r\nX-Real-IP: 192.0.2.2\r\n\r\n");
    String again = gate.raw("GET / HTTP/1.0\r\nX-Real-IP: 192.0.2.1\r\n\r\n");
    assertThat(a).startsWith("HTTP/1.1 200");
    assertThat(b).as("another client: its own key").startsWith("HTTP/1.1 200");
    assertThat(again).startsWith("HTTP/1.1 503");
  }

  @Test
  void setRealIpFromTakesAddressesBlocksAndUnixOnly() {
    for (String bad : new String[] {"example.com", "10.0.0.0/33", "10.0.0.0/x"}) {
      Assertions.assertThatThrownBy(() -> start("set_real_ip_from " + bad + "; server { listen 127.0.0.1:PORT; }"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("host not found in set_real_ip_from \"" + bad + "\"");
    }
  }
}
