package dev.corral.gate.proxy;

import dev.corral.gate.http.GateContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The http/server/location directives of a stock nginx.conf that change what the gate sends: {@code default_type}
 * and {@code types} (the Content-Type of {@code return} texts, as nginx's ngx_http_set_content_type),
 * {@code server_tokens} (the version in Server and in error pages) and {@code tcp_nodelay} on client connections.
 * The test class path has a {@code corral-version.properties} saying 9.9.9-test.
 */
class ResponseDirectivesTest {
  @TempDir Path prefix;
  private TestBackend backend;
  private GateHarness gate;

  @BeforeEach
  void backend() throws Exception {
    backend = new TestBackend("app");
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
    backend.close();
  }

  private void start(String http) throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; " + http + " }");
  }

  private String type(String path) throws Exception {
    return gate.get(path).headers().firstValue("Content-Type").orElse("<none>");
  }

  @Test
  void returnTextIsTextPlainByDefaultAsNginxCompiledDefault() throws Exception {
    start("server { listen 127.0.0.1:PORT; location / { return 200 \"hi\"; } }");
    assertThat(type("/x")).isEqualTo("text/plain");
    assertThat(type("/x.html")).as("nginx's built-in types know html").isEqualTo("text/html");
  }

  @Test
  void defaultTypeAndTypesApplyAndAnInnerTypesBlockReplacesTheOuterOne() throws Exception {
    start("""
        default_type application/octet-stream;
        types { application/json json; text/css css; }
        server { listen 127.0.0.1:PORT;
          location / { return 200 "hi"; }
          location /own/ { types { text/x-own own; } default_type text/x-default; return 200 "hi"; }
          location = /empty { return 204; }
        }""");
    assertThat(type("/a")).isEqualTo("application/octet-stream");
    assertThat(type("/a.JSON")).as("extensions match case-insensitively").isEqualTo("application/json");
    assertThat(type("/a.css")).isEqualTo("text/css");
    assertThat(type("/a.html")).as("a types block replaces the built-in types").isEqualTo("application/octet-stream");
    assertThat(type("/own/a.own")).isEqualTo("text/x-own");
    assertThat(type("/own/a.css")).as("the inner block replaces the outer one").isEqualTo("text/x-default");
    assertThat(type("/dir.css/file")).as("only the last segment's extension counts")
        .isEqualTo("application/octet-stream");
  }

  @Test
  void errorPagesStayHtmlWhateverTheDefaultType() throws Exception {
    start("default_type application/octet-stream; server { listen 127.0.0.1:PORT; location = /x { return 200; } }");
    assertThat(type("/nowhere")).isEqualTo("text/html");
  }

  @Test
  void serverTokensOnShowsTheVersionAndOffHidesIt() throws Exception {
    start("""
        server { listen 127.0.0.1:PORT;
          location /on/ { return 404; }
          location /proxied/ { proxy_pass http://%s; }
          location /off/ { server_tokens off; return 404; }
          location /off-proxied/ { server_tokens off; proxy_pass http://%s; }
        }""".formatted(backend.address(), backend.address()));
    HttpResponse<String> on = gate.get("/on/");
    assertThat(on.headers().firstValue("Server")).contains("corral/9.9.9-test");
    assertThat(on.body()).contains("<center>corral/9.9.9-test</center>");
    assertThat(gate.get("/proxied/").headers().firstValue("Server")).contains("corral/9.9.9-test");
    HttpResponse<String> off = gate.get("/off/");
    assertThat(off.headers().firstValue("Server")).contains("corral");
    assertThat(off.body()).contains("<center>corral</center>").doesNotContain("9.9.9");
    assertThat(gate.get("/off-proxied/").headers().firstValue("Server")).contains("corral");
  }

  @Test
  void tcpNodelayOffLeavesNagleOnForTheClientConnection() throws Exception {
    start("""
        server { listen 127.0.0.1:PORT;
          location /on/ { return 200 "on"; }
          location /off/ { tcp_nodelay off; return 200 "off"; }
        }""");
    try (Socket s = new Socket("127.0.0.1", gate.port)) {
      s.setSoTimeout(10_000);
      assertThat(exchange(s, "/on/")).endsWith("on");
      assertThat(serverSide(s).config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
      assertThat(exchange(s, "/off/")).endsWith("off");
      assertThat(serverSide(s).config().getOption(ChannelOption.TCP_NODELAY)).isFalse();
      assertThat(exchange(s, "/on/")).endsWith("on");
      assertThat(serverSide(s).config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
    }
  }

  private static String exchange(Socket s, String path) throws Exception {
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    int length = Integer.parseInt(head.toString().replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
    return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }

  /** The gate's end of the client socket {@code s}. */
  private Channel serverSide(Socket s) throws Exception {
    java.lang.reflect.Field field = GateEngine.class.getDeclaredField("gate");
    field.setAccessible(true);
    GateContext context = (GateContext) field.get(gate.engine);
    for (Channel ch : context.clients) {
      if (((InetSocketAddress) ch.remoteAddress()).getPort() == s.getLocalPort()) {
        return ch;
      }
    }
    throw new AssertionError("no server-side channel for port " + s.getLocalPort());
  }
}
