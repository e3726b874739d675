package dev.corral.gate.stream;

import static dev.corral.gate.stream.StreamGate.exchange;
import static dev.corral.gate.stream.StreamGate.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream proxy against real backends on loopback sockets. */
class StreamProxyTest {
  @TempDir Path prefix;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private EchoBackend backend(String name) throws Exception {
    return keep(new EchoBackend(name));
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private StreamGate gate(String stream) throws Exception {
    return keep(new StreamGate(prefix, "stream {\n" + stream + "\n}\n"));
  }

  /** The backend name that answered one new session. */
  private static String whoAnswers(StreamGate gate) throws Exception {
    try (Socket s = gate.connect()) {
      s.getOutputStream().write('x');
      String answer = StreamGate.readToEnd(s, ":x");
      return answer.substring(0, answer.indexOf(':'));
    }
  }

  @Test
  void relaysBytesBothWaysToProxyPassHostPort() throws Exception {
    EchoBackend a = backend("a");
    StreamGate gate = gate("server { listen 127.0.0.1:PORT; proxy_pass " + a.address() + "; }");
    try (Socket s = gate.connect()) {
      assertThat(exchange(s, "hello", 7)).isEqualTo("a:hello");
      assertThat(exchange(s, "again", 7)).isEqualTo("a:again");
    }
  }

  @Test
  void roundRobinSpreadsSessionsOverTheUpstream() throws Exception {
    EchoBackend a = backend("a");
    EchoBackend b = backend("b");
    StreamGate gate = gate("upstream u { server " + a.address() + "; server " + b.address() + "; }\n"
        + "server { listen 127.0.0.1:PORT; proxy_pass u; }");
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      order.add(whoAnswers(gate));
    }
    assertThat(order).containsExactly("a", "b", "a", "b");
  }

  @Test
  void weightsShareSessionsAsSmoothRoundRobin() throws Exception {
    EchoBackend a = backend("a");
    EchoBackend b = backend("b");
    StreamGate gate = gate("upstream u { server " + a.address() + "; server " + b.address() + " weight=2; }\n"
        + "server { listen 127.0.0.1:PORT; proxy_pass u; }");
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      order.add(whoAnswers(gate));
    }
    assertThat(order).containsExactly("b", "a", "b", "b", "a", "b");
  }

  @Test
  void hashOnRemoteAddressKeepsAClientOnOneServer() throws Exception {
    EchoBackend a = backend("a");
    EchoBackend b = backend("b");
    StreamGate gate = gate("upstream u { hash $remote_addr consistent; server " + a.address() + "; server "
        + b.address() + "; }\nserver { listen 127.0.0.1:PORT; proxy_pass u; }");
    String first = whoAnswers(gate);
    for (int i = 0; i < 5; i++) {
      assertThat(whoAnswers(gate)).isEqualTo(first);
    }
  }

  @Test
  void refusedServerIsSkippedByProxyNextUpstream() throws Exception {
    int dead = StreamGate.freePort();
    EchoBackend live = backend("live");
    StreamGate gate = gate("upstream u { server 127.0.0.1:" + dead + "; server " + live.address() + "; }\n"
        + "server { listen 127.0.0.1:PORT; proxy_pass u; }");
    for (int i = 0; i < 4; i++) {
      assertThat(whoAnswers(gate)).isEqualTo("live");
    }
    assertThat(gate.errorLog()).contains("connect() failed").contains("while connecting to upstream")
        .contains("upstream: \"127.0.0.1:" + dead + "\"");
  }

  @Test
  void refusedServerEndsTheSessionWhenProxyNextUpstreamIsOff() throws Exception {
    int dead = StreamGate.freePort();
    EchoBackend live = backend("live");
    StreamGate gate = gate("upstream u { server 127.0.0.1:" + dead + "; server " + live.address() + "; }\n"
        + "proxy_next_upstream off;\n"
        + "server { listen 127.0.0.1:PORT; proxy_pass u; access_log s.log st; }\n"
        + "log_format st \"$status $upstream_addr\";");
    try (Socket s = gate.connect()) {
      assertThat(readToEnd(s)).isEmpty();
    }
    assertThat(whoAnswers(gate)).isEqualTo("live");
    gate.close();
    assertThat(gate.accessLog("s.log")).startsWith("502 127.0.0.1:" + dead + "\n");
  }

  @Test
  void backendDyingMidSessionClosesTheClientAndOthersGoOn() throws Exception {
    EchoBackend a = backend("a");
    StreamGate gate = gate("server { listen 127.0.0.1:PORT; proxy_pass " + a.address() + "; }");
    try (Socket s = gate.connect()) {
      assertThat(exchange(s, "one", 5)).isEqualTo("a:one");
      a.dropConnections();
      assertThat(readToEnd(s)).isEmpty();
    }
    try (Socket s = gate.connect()) {
      assertThat(exchange(s, "two", 5)).isEqualTo("a:two");
    }
  }

  @Test
  void limitConnRefusesASessionOverTheLimitAndLogs503() throws Exception {
    EchoBackend a = backend("a");
    StreamGate gate = gate("limit_conn_zone $binary_remote_addr zone=one:1m;\n"
        + "log_format st \"$status $remote_addr\";\n"
        + "server { listen 127.0.0.1:PORT; proxy_pass " + a.address() + "; limit_conn one 1;"
        + " access_log s.log st; }");
    try (Socket first = gate.connect()) {
      assertThat(exchange(first, "in", 4)).isEqualTo("a:in");
      try (Socket second = gate.connect()) {
        assertThat(readToEnd(second)).isEmpty();
      }
      assertThat(exchange(first, "still", 7)).isEqualTo("a:still");
    }
    String log = "";
    for (int i = 0; i < 100 && !log.contains("200"); i++) { // the first session's end is logged by the gate
      Thread.sleep(20);
      log = gate.accessLog("s.log");
    }
    try (Socket third = gate.connect()) {
      assertThat(exchange(third, "later", 7)).isEqualTo("a:later");
    }
    assertThat(log).contains("503 127.0.0.1\n").contains("200 127.0.0.1\n");
    assertThat(gate.errorLog()).contains("limiting connections by zone \"one\"");
  }

  @Test
  void halfCloseOnPassesTheFinAndTheAnswerStillComesBack() throws Exception {
    EchoBackend counter = keep(new EchoBackend("c", EchoBackend.Mode.COUNT, 0));
    StreamGate gate = gate("server { listen 127.0.0.1:PORT; proxy_pass " + counter.address() + ";"
        + " proxy_half_close on; }");
    try (Socket s = gate.connect()) {
      s.getOutputStream().write("12345".getBytes());
      s.shutdownOutput();
      assertThat(readToEnd(s)).isEqualTo("c:5");
    }
  }

  @Test
  void halfCloseOffEndsTheSessionAtTheClientsFin() throws Exception {
    EchoBackend counter = keep(new EchoBackend("c", EchoBackend.Mode.COUNT, 0));
    StreamGate gate = gate("server { listen 127.0.0.1:PORT; proxy_pass " + counter.address() + "; }");
    try (Socket s = gate.connect()) {
      s.getOutputStream().write("12345".getBytes());
      s.shutdownOutput();
      assertThat(readToEnd(s)).isEmpty();
    }
  }

  @Test
  void aLargeTransferToASlowReaderArrivesWhole() throws Exception {
    long size = 4L * 1024 * 1024;
    EchoBackend flood = keep(new EchoBackend("f", EchoBackend.Mode.FLOOD, size));
    StreamGate gate = gate("server { listen 127.0.0.1:PORT; proxy_pass " + flood.address() + "; }");
    try (Socket s = gate.connect()) {
      s.setReceiveBufferSize(8 * 1024);
      s.getOutputStream().write('x');
      byte[] buf = new byte[4096];
      long total = 0;
      int n;
      while ((n = s.getInputStream().read(buf)) > 0) {
        total += n;
      }
      assertThat(total).as(gate.errorLog()).isEqualTo(size);
    }
  }

  @Test
  void aReloadKeepsOpenSessionsOnTheOldUpstream() throws Exception {
    EchoBackend a = backend("a");
    EchoBackend b = backend("b");
    StreamGate gate = gate("server { listen 127.0.0.1:PORT; proxy_pass " + a.address() + "; }");
    try (Socket old = gate.connect()) {
      assertThat(exchange(old, "1", 3)).isEqualTo("a:1");
      gate.reload("stream {\nserver { listen 127.0.0.1:PORT; proxy_pass " + b.address() + "; }\n}\n");
      assertThat(whoAnswers(gate)).isEqualTo("b");
      assertThat(exchange(old, "2", 3)).isEqualTo("a:2");
    }
  }

  @Test
  void aGracefulQuitWaitsForAnOpenSessionAndRefusesNewOnes() throws Exception {
    EchoBackend a = backend("a");
    StreamGate gate = gate("server { listen 127.0.0.1:PORT; proxy_pass " + a.address() + "; }");
    try (Socket s = gate.connect()) {
      assertThat(exchange(s, "1", 3)).isEqualTo("a:1");
      Thread quit = Thread.ofPlatform().start(() -> gate.engine.shutdownGracefully(java.time.Duration.ofSeconds(30)));
      boolean refused = false;
      for (int i = 0; i < 500 && !refused; i++) { // until the listener is closed
        try (Socket probe = gate.connect()) {
          Thread.sleep(10);
        } catch (java.net.ConnectException e) {
          refused = true;
        }
      }
      assertThat(refused).isTrue();
      assertThat(exchange(s, "2", 3)).isEqualTo("a:2");
      assertThat(quit.isAlive()).isTrue();
      s.close();
      quit.join(20_000);
      assertThat(quit.isAlive()).isFalse();
    }
  }

  @Test
  void accessLogHasTheStreamVariables() throws Exception {
    EchoBackend a = backend("a");
    StreamGate gate = gate("log_format st \"$protocol $status $bytes_received $bytes_sent $upstream_addr "
        + "$upstream_bytes_sent $upstream_bytes_received $server_port\";\n"
        + "server { listen 127.0.0.1:PORT; proxy_pass " + a.address() + "; access_log s.log st; }");
    try (Socket s = gate.connect()) {
      assertThat(exchange(s, "abcd", 6)).isEqualTo("a:abcd");
    }
    String log = "";
    for (int i = 0; i < 100 && log.isEmpty(); i++) {
      Thread.sleep(20);
      log = gate.accessLog("s.log");
    }
    assertThat(log).isEqualTo("TCP 200 4 6 " + a.address() + " 4 6 " + gate.port + "\n");
  }
}
