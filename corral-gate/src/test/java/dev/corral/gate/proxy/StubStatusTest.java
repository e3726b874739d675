package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stub_status}: nginx's exact text, and counters that follow the connections and requests made. */
class StubStatusTest {
  private static final Pattern TEXT = Pattern.compile("Active connections: (\\d+) \n"
      + "server accepts handled requests\n (\\d+) (\\d+) (\\d+) \n"
      + "Reading: (\\d+) Writing: (\\d+) Waiting: (\\d+) \n");

  @TempDir Path prefix;
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  @Test
  void itAnswersNginxsTextAndCountsConnectionsAndRequests() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + "location = /status { stub_status; } location / { return 200 ok; } } }");
    gate.raw("GET /a HTTP/1.0\r\n\r\n");
    gate.raw("GET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    String answer = gate.raw("GET /status HTTP/1.0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200 ").contains("Content-Type: text/plain\r\n");
    Matcher m = TEXT.matcher(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(m.matches()).as(answer).isTrue();
    assertThat(m.group(2)).as("accepts").isEqualTo("3");
    assertThat(m.group(3)).as("handled").isEqualTo("3");
    assertThat(m.group(4)).as("requests, this one included").isEqualTo("4");
    assertThat(m.group(6)).as("writing: this request").isEqualTo("1");
    assertThat(Integer.parseInt(m.group(1))).as("active: this connection (others may still be closing)")
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void otherMethodsThanGetAndHeadGet405() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + "location = /status { stub_status; } } }");
    assertThat(gate.raw("POST /status HTTP/1.0\r\nContent-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 405 ");
    HttpResponse<String> get = gate.get("/status");
    assertThat(get.body()).startsWith("Active connections: ");
  }
}
