package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.config.ConfigException;
import dev.corral.gate.tls.TestCertificates;
import dev.corral.gate.tls.TlsEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen ... ssl} against real TLS clients ({@code curl}, {@code openssl s_client}) on 127.0.0.1, with
 * certificates the test makes: protocols, SNI, RSA and ECDSA side by side, session resumption, variables, and
 * what a TLS port does with plain HTTP, garbage and a truncated ClientHello.
 */
class TlsTerminationTest {
  @TempDir
  Path dir;
  private GateHarness gate;

  private static final String SERVERS = """
      events {}
      http {
        access_log off;
        server {
          listen 127.0.0.1:PORT ssl;
          server_name localhost;
          ssl_certificate localhost.crt;
          ssl_certificate_key localhost.key;
          ssl_certificate ec.crt;
          ssl_certificate_key ec.key;
          ssl_session_cache shared:SSL:1m;
          location / { return 200 "$server_name|$ssl_server_name|$ssl_protocol|$ssl_cipher|$https|$scheme|$ssl_session_reused"; }
        }
        server {
          listen 127.0.0.1:PORT;
          server_name example.com;
          ssl_certificate example.crt;
          ssl_certificate_key example.key;
          location / { return 200 "$server_name|$ssl_server_name"; }
        }
      }
      """;

  @BeforeEach
  void certificates() {
    TestCertificates.rsa(dir, "localhost", "localhost");
    TestCertificates.ecdsa(dir, "ec", "localhost-ec");
    TestCertificates.rsa(dir, "example", "example.com");
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  private void start(String config) throws IOException {
    gate = new GateHarness(dir, config);
  }

  private String curl(String... args) {
    TestCertificates.require("curl");
    List<String> command = new java.util.ArrayList<>(List.of("curl", "-sk", "--max-time", "10"));
    command.addAll(List.of(args));
    return TestCertificates.run(command, 20);
  }

  private String sClient(String stdin, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect",
        "127.0.0.1:" + gate.port));
    command.addAll(List.of(args));
    return TestCertificates.run(command, stdin, 20);
  }

  @Test
  void theOpenSslEngineRunsOnLinux() {
    assertThat(TlsEngine.current()).as(TlsEngine.current().describe()).isEqualTo(TlsEngine.OPENSSL);
  }

  @Test
  void servesTls13AndTls12WithTheirVariables() throws IOException {
    start(SERVERS);
    String url = "https://127.0.0.1:" + gate.port + "/";
    assertThat(curl("--tlsv1.3", url)).matches("localhost\\|\\|TLSv1\\.3\\|TLS_[A-Z0-9_]+\\|on\\|https\\|\\.");
    assertThat(curl("--tlsv1.2", "--tls-max", "1.2", url))
        .matches("localhost\\|\\|TLSv1\\.2\\|ECDHE-(ECDSA|RSA)-[A-Z0-9-]+\\|on\\|https\\|\\.");
  }

  @Test
  void sniChoosesTheServerAndItsCertificate() throws IOException {
    start(SERVERS);
    String url = "https://example.com:" + gate.port + "/";
    assertThat(curl("--resolve", "example.com:" + gate.port + ":127.0.0.1", url))
        .isEqualTo("example.com|example.com");
    assertThat(sClient("", "-servername", "example.com")).contains("CN = example.com");
    assertThat(sClient("", "-servername", "unknown.test")).as("an unknown name gets the default server's")
        .contains("CN = localhost");
    assertThat(sClient("", "-noservername")).contains("CN = localhost");
  }

  @Test
  void rsaAndEcdsaCertificatesServeSideBySide() throws IOException {
    start(SERVERS);
    assertThat(sClient("", "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"))
        .contains("CN = localhost\n").contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256");
    assertThat(sClient("", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"))
        .contains("CN = localhost-ec").contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
    assertThat(sClient("", "-tls1_3", "-sigalgs", "RSA-PSS+SHA256")).contains("CN = localhost\n");
  }

  @Test
  void aSessionIsResumed() throws IOException {
    start(SERVERS);
    Path session = dir.resolve("session.pem");
    String request = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    String first = sClient(request, "-quiet", "-sess_out", session.toString());
    assertThat(first).endsWith("|.").doesNotContain("unexpected eof");
    String second = sClient(request, "-quiet", "-sess_in", session.toString());
    assertThat(second).endsWith("|r");
  }

  @Test
  void plainHttpOnTheTlsPortGetsNginxs400AndTheGateServesOthers() throws IOException {
    start(SERVERS);
    String answer = gate.raw("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("<center>The plain HTTP request was sent to HTTPS port</center>");
    assertThat(curl("https://127.0.0.1:" + gate.port + "/")).startsWith("localhost|");
  }

  @Test
  void garbageAndATruncatedHelloAreClosedOrLeftWaitingWhileOthersAreServed() throws IOException {
    start(SERVERS);
    byte[] garbage = new byte[300];
    new java.util.Random(7).nextBytes(garbage);
    garbage[0] = 0x01;
    assertThat(exchange(garbage, 10_000)).as("closed without an answer").isEmpty();
    try (Socket truncated = new Socket("127.0.0.1", gate.port)) {
      truncated.getOutputStream().write(new byte[] {0x16, 3, 1, 0, (byte) 200, 1, 0, 0, (byte) 196, 3, 3});
      truncated.getOutputStream().flush();
      assertThat(curl("https://127.0.0.1:" + gate.port + "/")).startsWith("localhost|");
    }
    assertThat(curl("https://127.0.0.1:" + gate.port + "/")).startsWith("localhost|");
  }

  @Test
  void rejectHandshakeRefusesTheDefaultServerButNotANamedOne() throws IOException {
    start("""
        events {}
        http {
          access_log off;
          server { listen 127.0.0.1:PORT ssl; ssl_reject_handshake on; return 200 default; }
          server {
            listen 127.0.0.1:PORT ssl;
            server_name example.com;
            ssl_certificate example.crt;
            ssl_certificate_key example.key;
            return 200 named;
          }
        }
        """);
    assertThat(curl("https://127.0.0.1:" + gate.port + "/")).isEmpty();
    assertThat(curl("--resolve", "example.com:" + gate.port + ":127.0.0.1",
        "https://example.com:" + gate.port + "/")).isEqualTo("named");
  }

  @Test
  void anEncryptedKeyOpensWithALineOfThePasswordFile() throws IOException {
    TestCertificates.encrypt(dir, "localhost", "s3cret");
    Files.writeString(dir.resolve("passwords"), "wrong\ns3cret\n");
    start("""
        events {}
        http {
          access_log off;
          server {
            listen 127.0.0.1:PORT ssl;
            ssl_certificate localhost.crt;
            ssl_certificate_key localhost.enc.key;
            ssl_password_file passwords;
            return 200 ok;
          }
        }
        """);
    assertThat(curl("https://127.0.0.1:" + gate.port + "/")).isEqualTo("ok");
  }

  @Test
  void badCertificatesAndKeysAreRefusedWithNginxsWordsAndTheirLine() throws IOException {
    gate = new GateHarness(dir, "events {}\nhttp { server { listen 127.0.0.1:PORT; return 200; } }");
    String config = """
        events {}
        http {
          server {
            listen 127.0.0.1:PORT ssl;
            ssl_certificate CERT;
            ssl_certificate_key KEY;
          }
        }
        """;
    assertThatThrownBy(() -> gate.load(config.replace("CERT", "missing.crt").replace("KEY", "localhost.key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot load certificate \"" + dir.resolve("missing.crt") + "\": BIO_new_file() failed")
        .hasMessageContaining("gate.conf:5");
    assertThatThrownBy(() -> gate.load(config.replace("CERT", "localhost.crt").replace("KEY", "example.key")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("key values mismatch");
    Files.writeString(dir.resolve("junk.crt"), "not a certificate\n");
    assertThatThrownBy(() -> gate.load(config.replace("CERT", "junk.crt").replace("KEY", "localhost.key")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot load certificate");
    assertThatThrownBy(() -> gate.load("""
        events {}
        http { server { listen 127.0.0.1:PORT ssl; } }
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive")
        .hasMessageContaining("gate.conf:2");
  }

  @Test
  void aReloadAppliesANewCertificateToNewHandshakesWithoutClosingConnections() throws Exception {
    start(SERVERS);
    try (javax.net.ssl.SSLSocket open = trustingSocket()) {
      assertThat(requestOn(open)).contains("localhost|");
      TestCertificates.rsa(dir, "localhost", "rotated");
      gate.engine.reload(gate.load(SERVERS));
      assertThat(sClient("", "-tls1_3", "-sigalgs", "RSA-PSS+SHA256")).contains("CN = rotated");
      assertThat(requestOn(open)).as("the connection made before the reload still serves").contains("localhost|");
    }
  }

  private javax.net.ssl.SSLSocket trustingSocket() throws Exception {
    javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

      @Override
      public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

      @Override
      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    };
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
    javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
        .createSocket("127.0.0.1", gate.port);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  /** One keep-alive request on {@code socket}; returns its response (read by Content-Length). */
  private static String requestOn(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(head);
    assertThat(m.find()).isTrue();
    byte[] body = in.readNBytes(Integer.parseInt(m.group(1)));
    return head + new String(body, StandardCharsets.UTF_8);
  }

  /** Writes {@code bytes} on a new connection and returns what comes back until the gate closes. */
  private String exchange(byte[] bytes, int timeoutMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", gate.port)) {
      s.setSoTimeout(timeoutMillis);
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
