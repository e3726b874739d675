package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.config.ConfigException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy_redirect} (default, off, text and regex rules, inheritance) on the Location and Refresh of real
 * upstream answers, and {@code absolute_redirect}, {@code server_name_in_redirect}, {@code port_in_redirect} on the
 * gate's own redirects.
 */
class ProxyRedirectTest {
  @TempDir Path prefix;
  private RawBackend backend;
  private GateHarness gate;

  @AfterEach
  void stop() throws Exception {
    if (gate != null) {
      gate.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  /** A backend that redirects every request to {@code location}, with the same URL in a Refresh header. */
  private void start(String location, String server) throws Exception {
    backend = new RawBackend("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nRefresh: 7; url=" + location
        + "\r\nContent-Length: 0\r\n\r\n", false);
    gate = new GateHarness(prefix, "http { access_log off; upstream backend { server " + backend.address()
        + "; } server { listen 127.0.0.1:PORT; server_name gate.test; " + server + " } }");
  }

  private String self() {
    return "http://127.0.0.1:" + gate.port;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return gate.get(path);
  }

  @Test
  void theDefaultRuleReplacesTheProxyPassUrlByTheLocationAndTheLocationIsMadeAbsolute() throws Exception {
    start("http://backend/replace_this/test.html",
        "location /impl/ { proxy_pass http://backend/replace_this/; }\n"
        + "location /expl/ { proxy_pass http://backend/replace_this/; proxy_redirect default; }");
    for (String path : new String[] {"/impl/", "/expl/"}) {
      HttpResponse<String> r = get(path + "x");
      assertThat(r.headers().firstValue("Location")).contains(self() + path + "test.html");
      assertThat(r.headers().firstValue("Refresh")).as("Refresh stays relative").contains("7; url=" + path
          + "test.html");
    }
  }

  @Test
  void withoutAUriInProxyPassTheDefaultRuleReplacesTheUpstreamRoot() throws Exception {
    start("http://backend/a/b", "location / { proxy_pass http://backend; }");
    assertThat(get("/x").headers().firstValue("Location")).contains(self() + "/a/b");
  }

  @Test
  void offLeavesTheUpstreamsRedirectAloneAndIsInherited() throws Exception {
    start("http://backend/off/x", """
        location /off/ { proxy_pass http://backend; proxy_redirect off;
          location /off/inherits/ { proxy_pass http://backend; }
          location /off/own/ { proxy_pass http://backend; proxy_redirect http://backend/off/ /; }
        }""");
    assertThat(get("/off/a").headers().firstValue("Location")).contains("http://backend/off/x");
    assertThat(get("/off/inherits/a").headers().firstValue("Location")).contains("http://backend/off/x");
    assertThat(get("/off/own/a").headers().firstValue("Location")).contains(self() + "/x");
  }

  @Test
  void textAndRegexRulesApplyInOrderWithCapturesAndCaselessMatching() throws Exception {
    start("http://backend/ReeegEX/one/two", """
        location /a/ { proxy_pass http://backend; proxy_redirect http://backend/nomatch/ /x/;
          proxy_redirect ~*re+gexp?/([a-z]+)/(.*)$ /replaced/$2/$1; }
        location /b/ { proxy_pass http://backend; proxy_redirect ~^(http://[^/]+)/ReeegEX/ $1/kept/; }""");
    HttpResponse<String> a = get("/a/");
    assertThat(a.headers().firstValue("Location")).contains(self() + "/replaced/two/one");
    assertThat(a.headers().firstValue("Refresh")).contains("7; url=/replaced/two/one");
    assertThat(get("/b/").headers().firstValue("Location")).as("not relative: left as rewritten")
        .contains("http://backend/kept/");
  }

  @Test
  void aRuleMayUseVariables() throws Exception {
    start("http://backend/gate.test/x", "location / { proxy_pass http://backend; "
        + "proxy_redirect http://backend/$server_name/ /$request_method/; }");
    assertThat(get("/").headers().firstValue("Location")).contains(self() + "/GET/x");
  }

  @Test
  void theGatesOwnRedirectsAreAbsoluteAsNginxWritesThem() throws Exception {
    start("http://backend/", """
        location /plain { return 302 /to; }
        location /no-port { port_in_redirect off; return 302 /to; }
        location /name { server_name_in_redirect on; return 301 /to; }
        location /relative { absolute_redirect off; return 302 /to; }
        location /full { return 302 http://elsewhere/to; }""");
    assertThat(get("/plain").headers().firstValue("Location")).contains(self() + "/to");
    assertThat(get("/no-port").headers().firstValue("Location")).contains("http://127.0.0.1/to");
    assertThat(get("/name").headers().firstValue("Location")).contains("http://gate.test:" + gate.port + "/to");
    assertThat(get("/relative").headers().firstValue("Location")).contains("/to");
    assertThat(get("/full").headers().firstValue("Location")).contains("http://elsewhere/to");
    assertThat(gate.raw("GET /plain HTTP/1.0\r\n\r\n")).as("no Host: the local address")
        .contains("Location: http://127.0.0.1:" + gate.port + "/to\r\n");
  }

  @Test
  void aProxyingLocationWithASlashRedirectsItsNameWithoutTheSlash() throws Exception {
    start("http://backend/", "location /auto/ { proxy_pass http://backend; }\n"
        + "location /both/ { proxy_pass http://backend; } location = /both { return 200 exact; }");
    HttpResponse<String> r = get("/auto?x=1");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).contains(self() + "/auto/?x=1");
    assertThat(get("/both").body()).as("an exact location wins").isEqualTo("exact");
  }

  @Test
  void proxyRedirectMistakesGetNginxsMessages() throws Exception {
    backend = new RawBackend("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
    assertThatThrownBy(() -> new GateHarness(prefix, "http { server { listen 127.0.0.1:PORT; location / { "
        + "proxy_redirect default; proxy_pass http://" + backend.address() + "; } } }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive in ");
    assertThatThrownBy(() -> new GateHarness(prefix, "http { server { listen 127.0.0.1:PORT; location / { "
        + "proxy_pass http://" + backend.address() + "; proxy_redirect / /x/; proxy_redirect off; } } }"))
        .hasMessageStartingWith("\"proxy_redirect\" directive is duplicate in ");
    assertThatThrownBy(() -> new GateHarness(prefix, "http { server { listen 127.0.0.1:PORT; location / { "
        + "proxy_pass http://" + backend.address() + "; proxy_redirect on; } } }"))
        .hasMessageStartingWith("invalid parameter \"on\" in ");
  }
}
