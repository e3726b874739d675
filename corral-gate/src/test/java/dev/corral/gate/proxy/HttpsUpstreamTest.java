package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.corral.gate.tls.TestCertificates;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy_pass https://} to a JDK HTTPS server with a self-signed certificate made by openssl: the
 * certificate is not verified (nginx's default), SNI is sent only with {@code proxy_ssl_server_name on} and names
 * {@code proxy_ssl_name}; a plain-HTTP upstream behind https:// is a 502 with nginx's handshake error line.
 */
class HttpsUpstreamTest {
  @TempDir Path prefix;
  private HttpsServer upstream;
  private final List<String> sniNames = new CopyOnWriteArrayList<>();
  private GateHarness gate;

  @BeforeEach
  void httpsUpstream() throws Exception {
    TestCertificates.rsa(prefix, "up", "upstream.test");
    Path p12 = prefix.resolve("up.p12");
    TestCertificates.run(List.of("openssl", "pkcs12", "-export", "-in", prefix.resolve("up.crt").toString(),
        "-inkey", prefix.resolve("up.key").toString(), "-out", p12.toString(), "-passout", "pass:pw"), 30);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, "pw".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "pw".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    upstream = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.setHttpsConfigurator(new HttpsConfigurator(ssl));
    upstream.createContext("/", ex -> {
      ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) ex).getSSLSession();
      List<SNIServerName> names = session.getRequestedServerNames();
      sniNames.add(names.isEmpty() ? "-" : ((SNIHostName) names.get(0)).getAsciiName());
      byte[] body = ("secure " + ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    upstream.start();
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
    upstream.stop(0);
  }

  private String up() {
    return "127.0.0.1:" + upstream.getAddress().getPort();
  }

  @Test
  void anUnverifiedUpstreamIsProxiedWithoutSniByDefault() throws Exception {
    gate = new GateHarness(prefix, "http { upstream secure { server " + up() + "; } server { "
        + "listen 127.0.0.1:PORT; location / { proxy_pass https://secure; } } }");
    assertThat(gate.get("/a").body()).isEqualTo("secure /a");
    assertThat(gate.get("/b").statusCode()).isEqualTo(200);
    assertThat(sniNames).containsOnly("-");
  }

  @Test
  void proxySslServerNameSendsTheProxySslName() throws Exception {
    gate = new GateHarness(prefix, "http { upstream secure { server " + up() + "; } server { "
        + "listen 127.0.0.1:PORT; location /n { proxy_pass https://secure; proxy_ssl_server_name on; } "
        + "location /named { proxy_pass https://secure; proxy_ssl_server_name on; "
        + "proxy_ssl_name upstream.test; } } }");
    assertThat(gate.get("/n").statusCode()).isEqualTo(200);
    assertThat(gate.get("/named").body()).isEqualTo("secure /named");
    assertThat(sniNames).containsExactly("secure", "upstream.test");
  }

  @Test
  void aPlainUpstreamBehindHttpsIsA502() throws Exception {
    TestBackend plain = new TestBackend("plain");
    try {
      gate = new GateHarness(prefix, "http { server { listen 127.0.0.1:PORT; "
          + "location / { proxy_pass https://" + plain.address() + "; } } }");
      assertThat(gate.get("/x").statusCode()).isEqualTo(502);
      assertThat(gate.errorLog()).contains("while SSL handshaking to upstream");
    } finally {
      plain.close();
    }
  }
}
