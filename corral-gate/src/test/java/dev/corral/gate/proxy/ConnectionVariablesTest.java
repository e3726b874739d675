package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code $connections_active}, {@code $connections_reading}, {@code $connections_writing} and
 * {@code $connections_waiting}: the numbers {@code stub_status} shows, readable in any location.
 */
class ConnectionVariablesTest {
  private static final Pattern LENGTH = Pattern.compile("(?i)\r\nContent-Length: (\\d+)\r\n");

  @TempDir Path prefix;
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  @Test
  void theyCountAnIdleKeepAliveConnectionAsWaitingAndThisRequestAsWriting() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + "location = /status { stub_status; } "
        + "location = /vars { add_header X-Reading $connections_reading; "
        + "return 200 \"$connections_active $connections_writing $connections_waiting\"; } "
        + "location / { return 200 ok; } } }");
    try (Socket idle = connect(); Socket asking = connect()) {
      assertThat(exchange(idle, "/")).startsWith("HTTP/1.1 200 ");
      // The idle connection's request is over once its response is read; wait until the gate has counted it so.
      String status = exchange(asking, "/status");
      for (int i = 0; i < 100 && !status.contains("Writing: 1 Waiting: 1 "); i++) {
        Thread.sleep(50);
        status = exchange(asking, "/status");
      }
      assertThat(status).contains("Active connections: 2 ").contains("Writing: 1 Waiting: 1 ");
      String vars = exchange(asking, "/vars");
      assertThat(vars).contains("\r\nX-Reading: 0\r\n").endsWith("\r\n\r\n2 1 1");
    }
  }

  @Test
  void theyAreKnownNamesAtLoadAndNotRefused() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + "add_header X-Active $connections_active; location / { return 200 x; } } }");
    try (Socket s = connect()) {
      assertThat(exchange(s, "/")).contains("\r\nX-Active: 1\r\n");
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", gate.port);
    s.setSoTimeout(10_000);
    return s;
  }

  /** One keep-alive GET on {@code s}, read to the end of its Content-Length body. */
  private static String exchange(Socket s, String path) throws IOException {
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    int headEnd = -1;
    int length = -1;
    while (headEnd < 0 || got.size() < headEnd + length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      got.write(b);
      if (headEnd < 0) {
        String text = got.toString(StandardCharsets.ISO_8859_1);
        if (text.endsWith("\r\n\r\n")) {
          headEnd = text.length();
          Matcher m = LENGTH.matcher(text);
          length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
      }
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }
}
