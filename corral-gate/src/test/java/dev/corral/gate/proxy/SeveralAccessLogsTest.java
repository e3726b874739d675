package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code access_log} lines at one level, as nginx allows: each gets the request's line in its own format;
 * a level with its own lines replaces the inherited ones, and {@code off} at a level cancels all of that level.
 */
class SeveralAccessLogsTest {
  @TempDir Path prefix;
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  private String log(String name) throws Exception {
    Path file = prefix.resolve("logs/" + name);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void eachLineOfALevelGetsTheRequestInItsFormat() throws Exception {
    Files.createDirectories(prefix.resolve("logs"));
    gate = new GateHarness(prefix, """
        http { log_format uri "$uri"; log_format status "$status";
          access_log logs/uri.log uri; access_log logs/status.log status;
          server { listen 127.0.0.1:PORT;
            location / { return 200 ok; }
            location /own { access_log logs/own.log uri; return 204; }
            location /off { access_log logs/never.log uri; access_log off; return 200; }
          }
        }""");
    gate.get("/first");
    gate.get("/own");
    gate.get("/off");
    // The gate writes a line when its request ends, which may be just after the client has the answer: the last
    // request's line is there once a request after it has been answered and logged too.
    gate.get("/last");
    gate.get("/last");
    assertThat(log("uri.log")).startsWith("/first\n").doesNotContain("/own").doesNotContain("/off");
    assertThat(log("status.log")).startsWith("200\n").doesNotContain("204");
    assertThat(log("own.log")).isEqualTo("/own\n");
    assertThat(log("never.log")).isEmpty();
  }
}
