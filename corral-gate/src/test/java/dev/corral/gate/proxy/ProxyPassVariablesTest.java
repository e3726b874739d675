package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy_pass} with variables: an upstream block chosen by name, an IP address with a URI rendered per
 * request (sent as it is), the client's URI when the URL has none, and a host name that is neither (502 and nginx's
 * "no resolver" line); the upstream variables of the access log.
 */
class ProxyPassVariablesTest {
  @TempDir Path prefix;
  private TestBackend app;
  private TestBackend other;
  private GateHarness gate;

  @BeforeEach
  void backends() throws Exception {
    app = new TestBackend("app");
    other = new TestBackend("other");
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
    app.close();
    other.close();
  }

  private void start(String locations) throws Exception {
    gate = new GateHarness(prefix, ("http { log_format v '$uri:$upstream_response_length:$upstream_addr'; "
        + "access_log " + prefix.resolve("v.log") + " v; "
        + "upstream first { server APP; } upstream second { server OTHER; } "
        + "map $arg_pool $pool { default first; b second; } "
        + "server { listen 127.0.0.1:PORT; " + locations + " } }")
        .replace("APP", app.address()).replace("OTHER", other.address()));
  }

  @Test
  void theHostNamesAnUpstreamBlockChosenPerRequest() throws Exception {
    start("location / { proxy_pass http://$pool; }");
    assertThat(gate.get("/x").body()).isEqualTo("app");
    assertThat(gate.get("/x?pool=b").body()).isEqualTo("other");
    assertThat(other.uris).containsExactly("/x?pool=b");
  }

  @Test
  void aRenderedUriIsSentAsItIs() throws Exception {
    start("location /s/ { proxy_pass http://APP/status/$arg_code; }".replace("APP", app.address()));
    HttpResponse<String> r = gate.get("/s/anything?code=203");
    assertThat(r.statusCode()).isEqualTo(203);
    assertThat(app.uris).containsExactly("/status/203");
  }

  @Test
  void aUrlWithVariablesIsCheckedOnceRendered() throws Exception {
    // nginx's own suite writes proxy_pass http:/$uri: /first/x renders as http://first/x, upstream first, URI /x.
    start("location /first { proxy_pass http:/$uri; } location /bad { proxy_pass $arg_u; }");
    HttpResponse<String> good = gate.get("/first/x");
    assertThat(good.body()).isEqualTo("app");
    assertThat(app.uris).containsExactly("/x");
    assertThat(gate.get("/bad?u=ftp://x").statusCode()).isEqualTo(500);
    assertThat(gate.errorLog()).contains("invalid URL prefix in \"ftp://x\"");
  }

  @Test
  void withoutAUriTheClientsUriAsTheRewriteModuleLeftItIsSent() throws Exception {
    start("location / { set $target APP; rewrite ^/old(.*)$ /new$1 break; proxy_pass http://$target; }"
        .replace("APP", app.address()));
    gate.get("/old/a?b=c");
    gate.get("/kept?q=1");
    assertThat(app.uris).containsExactly("/new/a?b=c", "/kept?q=1");
  }

  @Test
  void aHostNameThatIsNoUpstreamIsNotResolved() throws Exception {
    start("location / { proxy_pass http://$arg_h:8080; }");
    assertThat(gate.get("/?h=nosuch.example").statusCode()).isEqualTo(502);
    assertThat(gate.errorLog()).contains("no resolver defined to resolve nosuch.example");
  }

  @Test
  void theAccessLogHasTheUpstreamResponseLength() throws Exception {
    start("location / { proxy_pass http://$pool; }");
    gate.get("/abc");
    gate.close();
    gate = null;
    assertThat(Files.readString(prefix.resolve("v.log"))).isEqualTo("/abc:3:" + app.address() + "\n");
  }

  @Test
  void theAccessLogCountsTheBytesExchangedWithTheUpstream() throws Exception {
    String answer = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nSEVEN-B";
    try (RawBackend raw = new RawBackend(answer, true)) {
      gate = new GateHarness(prefix, ("http { log_format b '$upstream_response_length:$upstream_bytes_received:"
          + "$upstream_bytes_sent'; access_log " + prefix.resolve("b.log") + " b; server { listen 127.0.0.1:PORT; "
          + "location / { proxy_pass http://RAW; } } }").replace("RAW", raw.address()));
      assertThat(gate.get("/b").body()).isEqualTo("SEVEN-B");
      gate.close();
      gate = null;
      String sentHead = raw.heads.get(0);
      assertThat(Files.readString(prefix.resolve("b.log")))
          .isEqualTo("7:" + answer.length() + ":" + sentHead.length() + "\n");
    }
  }

  @Test
  void upstreamTimesHaveOneValuePerTryAndADashForWhatATryNeverReached() throws Exception {
    int dead = GateHarness.freePort();
    gate = new GateHarness(prefix, ("http { log_format t '$upstream_addr|$upstream_connect_time|"
        + "$upstream_header_time|$upstream_response_time'; access_log " + prefix.resolve("t.log") + " t; "
        + "upstream two { server 127.0.0.1:DEAD max_fails=0; server APP max_fails=0; } "
        + "server { listen 127.0.0.1:PORT; location / { proxy_pass http://two; } } }")
        .replace("DEAD", Integer.toString(dead)).replace("APP", app.address()));
    assertThat(gate.get("/t").body()).isEqualTo("app");
    gate.close();
    gate = null;
    String t = "\\d+\\.\\d{3}";
    assertThat(Files.readString(prefix.resolve("t.log")).trim())
        .matches("127\\.0\\.0\\.1:" + dead + ", " + app.address().replace(".", "\\.") + "\\|-, " + t
            + "\\|-, " + t + "\\|" + t + ", " + t);
  }

  @Test
  void aRequestTheClientAbandonsIsLoggedAs499WithTheTryItHadStarted() throws Exception {
    gate = new GateHarness(prefix, ("http { log_format t '$status|$upstream_addr|$upstream_header_time'; "
        + "access_log " + prefix.resolve("gone.log") + " t; server { listen 127.0.0.1:PORT; "
        + "location / { proxy_pass http://APP; } } }").replace("APP", app.address()));
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", gate.port)) {
      s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      long until = System.nanoTime() + 20_000_000_000L;
      while (app.requests.get() == 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(app.requests.get()).as("the request reached the upstream").isEqualTo(1);
    }
    Path log = prefix.resolve("gone.log");
    long until = System.nanoTime() + 20_000_000_000L;
    while ((!Files.exists(log) || Files.readString(log).isEmpty()) && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(Files.readString(log)).isEqualTo("499|" + app.address() + "|-\n");
  }
}
