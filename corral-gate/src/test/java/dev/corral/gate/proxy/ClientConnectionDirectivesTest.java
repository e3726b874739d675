package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keepalive_time} and {@code merge_slashes} over raw HTTP. */
class ClientConnectionDirectivesTest {
  @TempDir Path prefix;
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  private static final String TWO = "GET /a/b HTTP/1.1\r\nHost: x\r\n\r\nGET /a/b HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void aConnectionOlderThanKeepaliveTimeIsClosedAfterItsCurrentRequest() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + "location / { return 200 ok; } location /young/ { keepalive_time 1h; return 200 ok; } "
        + "keepalive_time 0; } }");
    String answers = gate.raw(TWO);
    assertThat(answers.split("HTTP/1.1 200", -1)).as("only the first is answered").hasSize(2);
    assertThat(answers).contains("Connection: close\r\n");
    String young = gate.raw("GET /young/ HTTP/1.1\r\nHost: x\r\n\r\nGET /young/ HTTP/1.1\r\nHost: x\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(young.split("HTTP/1.1 200", -1)).as("the location's own keepalive_time").hasSize(3);
  }

  @Test
  void slashesAreMergedForLocationMatchingUnlessMergeSlashesIsOff() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + "location = /a/b { return 200 \"merged $uri $request_uri\"; } } "
        + "server { listen 127.0.0.1:PORT; server_name off.test; merge_slashes off; "
        + "location = /a/b { return 200 merged; } location / { return 200 \"kept $uri\"; } } }");
    assertThat(gate.raw("GET //a///b HTTP/1.0\r\n\r\n")).endsWith("merged /a/b //a///b");
    assertThat(gate.raw("GET //a///b HTTP/1.0\r\nHost: off.test\r\n\r\n")).endsWith("kept //a///b");
  }

  @Test
  void mergeSlashesIsNotALocationDirective() {
    assertThatThrownBy(() -> new GateHarness(prefix, "http { server { listen 127.0.0.1:PORT; "
        + "location / { merge_slashes off; return 200; } } }"))
        .hasMessageStartingWith("\"merge_slashes\" directive is not allowed here");
  }
}
