package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code error_log} in http, server and location, as nginx: a request's errors go to the error log of its location,
 * else its server, else http, else the main log — only there, and only from that log's level up. A file named by
 * several levels is opened once, and reopened by {@code -s reopen}.
 */
class ContextErrorLogTest {
  @TempDir Path prefix;
  private GateHarness gate;
  private int dead;

  @BeforeEach
  void start() throws Exception {
    dead = GateHarness.freePort(); // nothing listens there: every proxied request fails with "connect() failed"
    gate = new GateHarness(prefix, """
        http { access_log off; error_log logs/http.log info;
          server { listen 127.0.0.1:PORT default_server;
            location /a/ { error_log logs/a.log; proxy_pass http://127.0.0.1:DEAD; }
            location /also-a/ { error_log logs/a.log; proxy_pass http://127.0.0.1:DEAD; }
            location /crit/ { error_log logs/crit.log crit; proxy_pass http://127.0.0.1:DEAD; }
            location /http/ { proxy_pass http://127.0.0.1:DEAD; }
            location /two/ { error_log logs/two-warn.log warn; error_log logs/two-crit.log crit;
              proxy_pass http://127.0.0.1:DEAD; }
          }
          server { listen 127.0.0.1:PORT; server_name other.test; error_log logs/other.log;
            location / { proxy_pass http://127.0.0.1:DEAD; }
          }
        }
        """.replace("DEAD", Integer.toString(dead)));
  }

  @AfterEach
  void stop() {
    gate.close();
  }

  private String log(String name) throws IOException {
    Path file = prefix.resolve("logs").resolve(name);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private String main() {
    return gate.errors.toString(StandardCharsets.UTF_8);
  }

  @Test
  void requestErrorsGoToTheLogOfTheirLocationOnly() throws Exception {
    assertThat(gate.get("/a/1").statusCode()).isEqualTo(502);
    assertThat(log("a.log")).contains("connect() failed").contains("request: \"GET /a/1 HTTP/1.1\"");
    assertThat(log("http.log")).doesNotContain("/a/1");
    assertThat(main()).doesNotContain("/a/1");
  }

  @Test
  void locationWithoutErrorLogUsesItsServersOrHttpLevel() throws Exception {
    assertThat(gate.get("/http/1").statusCode()).isEqualTo(502);
    assertThat(log("http.log")).contains("connect() failed").contains("GET /http/1 ");
    assertThat(gate.raw("GET /x HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 502");
    assertThat(log("other.log")).contains("GET /x ");
    assertThat(log("http.log")).doesNotContain("GET /x ");
    assertThat(main()).doesNotContain("connect() failed");
  }

  @Test
  void linesBelowTheLevelOfTheirLogAreDropped() throws Exception {
    assertThat(gate.get("/crit/1").statusCode()).isEqualTo(502);
    assertThat(log("crit.log")).isEmpty();
    assertThat(log("http.log") + main()).doesNotContain("/crit/1");
  }

  @Test
  void severalLogsAtOneLevelEachTakeTheLinesTheirLevelAllows() throws Exception {
    assertThat(gate.get("/two/1").statusCode()).isEqualTo(502);
    assertThat(log("two-warn.log")).contains("connect() failed").contains("GET /two/1 ");
    assertThat(log("two-crit.log")).isEmpty();
    assertThat(log("http.log") + main()).doesNotContain("/two/1");
  }

  @Test
  void aFileNamedByTwoLocationsIsOpenedOnceAndReopenedOnReopen() throws Exception {
    gate.get("/a/1");
    gate.get("/also-a/2");
    assertThat(log("a.log")).contains("GET /a/1 ").contains("GET /also-a/2 ");
    Path a = prefix.resolve("logs/a.log").toAbsolutePath();
    if (Files.isDirectory(Path.of("/proc/self/fd"))) {
      assertThat(openDescriptorsOf(a)).as("descriptors open on a.log").isEqualTo(1);
    }
    Files.move(a, prefix.resolve("logs/a.log.1"));
    gate.engine.reopenLogs();
    gate.get("/also-a/3");
    assertThat(log("a.log")).contains("GET /also-a/3 ").doesNotContain("/a/1");
    assertThat(log("a.log.1")).doesNotContain("/also-a/3");
  }

  private static long openDescriptorsOf(Path file) throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(file);
        } catch (IOException | UnsupportedOperationException e) {
          return false; // closed meanwhile, or not a link
        }
      }).count();
    }
  }
}
