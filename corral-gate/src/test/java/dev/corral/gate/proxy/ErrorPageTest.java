package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code error_page} over real HTTP, through the internal-redirect primitive: URI, named and URL pages, the
 * {@code =CODE} and {@code =} forms, inheritance (a level with its own pages drops its parent's),
 * {@code recursive_error_pages}, {@code proxy_intercept_errors}, and the limit of 10 URI changes.
 */
class ErrorPageTest {
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

  private void start(String server) throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; " + server + " } }");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return gate.get(path);
  }

  @Test
  void aUriPageAnswersWithItsTargetsBodyAndTheOriginalStatus() throws Exception {
    start("""
        location /missing { return 404; }
        location = /404.html { return 200 "custom not found"; }
        error_page 404 /404.html;""");
    HttpResponse<String> r = get("/missing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("custom not found");
  }

  @Test
  void aRequestNoLocationMatchesGetsTheServersPage() throws Exception {
    start("""
        location = /a { return 200 a; }
        location = /404.html { return 200 "nothing here"; }
        error_page 404 /404.html;""");
    HttpResponse<String> r = get("/nowhere");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("nothing here");
  }

  @Test
  void equalsCodeAndEqualsAloneChooseTheAnswersStatus() throws Exception {
    start("location /a { error_page 404 =200 /page; return 404; }\n"
        + "location /b { error_page 404 = /page; return 404; }\n"
        + "location /c { error_page 404 = @created; return 404; }\n"
        + "location = /page { return 200 page; }\n"
        + "location @created { return 201 created; }");
    assertThat(get("/a").statusCode()).isEqualTo(200);
    assertThat(get("/b").statusCode()).as("= : the target's own status").isEqualTo(200);
    HttpResponse<String> c = get("/c");
    assertThat(c.statusCode()).isEqualTo(201);
    assertThat(c.body()).isEqualTo("created");
  }

  @Test
  void aNamedPageIsServedByTheNamedLocationWhichNoUriReaches() throws Exception {
    start("location / { error_page 502 @fallback; proxy_pass http://127.0.0.1:1; }\n"
        + "location @fallback { proxy_pass http://" + backend.address() + "; }");
    HttpResponse<String> r = get("/x?q=1");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).isEqualTo("app");
    assertThat(backend.uris).containsExactly("/x?q=1");
    assertThat(get("/@fallback").statusCode()).as("a URI never matches a named location").isEqualTo(502);
  }

  @Test
  void aUrlPageRedirectsWith302OrTheGivenRedirectCode() throws Exception {
    start("location /a { error_page 404 http://example.com/a; return 404; }\n"
        + "location /b { error_page 404 =301 http://example.com/b; return 404; }\n"
        + "location /c { error_page 404 =200 http://example.com/c; return 404; }\n"
        + "location /d { error_page 302 http://example.com/d; return 302 http://first/; }");
    HttpResponse<String> a = get("/a");
    assertThat(a.statusCode()).isEqualTo(302);
    assertThat(a.headers().firstValue("Location")).contains("http://example.com/a");
    assertThat(get("/b").statusCode()).isEqualTo(301);
    assertThat(get("/c").statusCode()).as("=200 is no redirect code: 302").isEqualTo(302);
    HttpResponse<String> d = get("/d");
    assertThat(d.statusCode()).isEqualTo(302);
    assertThat(d.headers().allValues("Location")).containsExactly("http://example.com/d");
  }

  @Test
  void thePagesArgsReplaceTheRequestsAndTheMethodBecomesGet() throws Exception {
    start("location /form { error_page 405 /handler?from=form; return 405; }\n"
        + "location /handler { proxy_pass http://" + backend.address() + "; }");
    HttpResponse<String> r = gate.client.send(HttpRequest.newBuilder(gate.uri("/form?x=1"))
        .timeout(Duration.ofSeconds(30)).method("DELETE", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).isEqualTo("app");
    assertThat(backend.uris).containsExactly("/handler?from=form");
  }

  @Test
  void aLevelWithItsOwnPagesDropsItsParents() throws Exception {
    start("""
        error_page 404 /server-page;
        location = /server-page { return 200 server; }
        location = /own-page { return 200 own; }
        location /inherits { return 404; }
        location /own { error_page 500 /own-page; return 404; }""");
    assertThat(get("/inherits").body()).isEqualTo("server");
    assertThat(get("/own").body()).as("the server's 404 page is not inherited here").contains("<h1>404 Not Found");
  }

  @Test
  void withoutRecursiveErrorPagesTheTargetsErrorIsAnsweredPlainly() throws Exception {
    start("""
        location /a { error_page 404 /b; return 404; }
        location /b { error_page 500 /c; return 500; }
        location /c { return 200 c; }""");
    HttpResponse<String> r = get("/a");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("<h1>500 Internal Server Error");
  }

  @Test
  void withRecursiveErrorPagesTheTargetsErrorIsRedirectedToo() throws Exception {
    start("""
        recursive_error_pages on;
        location /a { error_page 404 /b; return 404; }
        location /b { error_page 500 /c; return 500; }
        location /c { return 200 c; }""");
    HttpResponse<String> r = get("/a");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("c");
  }

  @Test
  void aRedirectCycleEndsWith500AndNginxsErrorLineAfterTenChanges() throws Exception {
    start("recursive_error_pages on; location / { error_page 404 /loop; return 404; }");
    HttpResponse<String> r = get("/start");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("<h1>500 Internal Server Error");
    assertThat(gate.errorLog()).contains("rewrite or internal redirection cycle while internally redirecting to "
        + "\"/loop\"");
    assertThat(gate.errorLog().split("redirection cycle", -1)).hasSize(2);
  }

  @Test
  void tenRedirectsAreAllowed() throws Exception {
    StringBuilder chain = new StringBuilder("recursive_error_pages on;\n");
    for (int i = 0; i < 10; i++) {
      chain.append("location = /r").append(i).append(" { error_page 404 /r").append(i + 1).append("; return 404; }\n");
    }
    chain.append("location = /r10 { return 200 end; }");
    start(chain.toString());
    HttpResponse<String> r = get("/r0");
    assertThat(r.body()).isEqualTo("end");
    assertThat(gate.errorLog()).doesNotContain("redirection cycle");
  }

  @Test
  void aPageThatIsAProxyingLocationsNameWithoutItsSlashIsRedirectedThere() throws Exception {
    start("location /a { error_page 404 /auto; return 404; }\n"
        + "location /auto/ { proxy_pass http://127.0.0.1:1; }");
    HttpResponse<String> r = get("/a");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).contains("http://127.0.0.1:" + gate.port + "/auto/");
  }

  @Test
  void aMissingNamedLocationIs500() throws Exception {
    start("location / { error_page 404 @nowhere; return 404; }");
    assertThat(get("/").statusCode()).isEqualTo(500);
    assertThat(gate.errorLog()).contains("could not find named location \"@nowhere\"");
  }

  @Test
  void upstreamErrorsAreInterceptedOnlyWithProxyInterceptErrorsAndAPage() throws Exception {
    start("location /on/ { proxy_intercept_errors on; error_page 500 /page; "
        + "proxy_pass http://" + backend.address() + "/status/; }\n"
        + "location /off/ { error_page 500 /page; proxy_pass http://" + backend.address() + "/status/; }\n"
        + "location = /page { return 200 intercepted; }");
    HttpResponse<String> on = get("/on/500");
    assertThat(on.statusCode()).isEqualTo(500);
    assertThat(on.body()).isEqualTo("intercepted");
    HttpResponse<String> noPage = get("/on/503");
    assertThat(noPage.statusCode()).isEqualTo(503);
    assertThat(noPage.body()).as("no page for 503: the upstream's answer").isEqualTo("app 503");
    assertThat(get("/off/500").body()).isEqualTo("app 500");
  }

  @Test
  void anInterceptedConnectionServesTheNextRequest() throws Exception {
    start("location / { proxy_intercept_errors on; error_page 404 /page; "
        + "proxy_pass http://" + backend.address() + "/status/; }\n"
        + "location = /page { return 200 page; }");
    String answers = gate.raw("GET /404 HTTP/1.1\r\nHost: x\r\n\r\nGET /200 HTTP/1.1\r\nHost: x\r\nConnection: close"
        + "\r\n\r\n");
    assertThat(answers).startsWith("HTTP/1.1 404 ").contains("\r\n\r\npage").contains("HTTP/1.1 200 ")
        .endsWith("app 200");
  }

  @Test
  void aPostsBodyGoesToTheFirstUpstreamOnlyAndThePageGetsNone() throws Exception {
    start("location / { proxy_intercept_errors on; error_page 500 /echo-page; "
        + "proxy_pass http://" + backend.address() + "/status/; }\n"
        + "location = /echo-page { proxy_pass http://" + backend.address() + "/echo; }");
    HttpResponse<String> r = gate.client.send(HttpRequest.newBuilder(gate.uri("/500"))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("payload")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEmpty();
    assertThat(backend.uris).containsExactly("/status/500", "/echo");
  }

  @Test
  void errorPageValuesAreCheckedWithNginxsMessages() throws Exception {
    for (String[] c : new String[][] {
        {"error_page 200 /x;", "value \"200\" must be between 300 and 599"},
        {"error_page 499 /x;", "invalid value \"499\""},
        {"error_page 404 =abc /x;", "invalid value \"=abc\""},
        {"error_page =404 /x;", "invalid value \"=404\""},
        {"error_page x404 /x;", "invalid value \"x404\""}}) {
      try {
        start(c[0] + " location / { return 200; }");
        throw new AssertionError("accepted: " + c[0]);
      } catch (dev.corral.gate.config.ConfigException e) {
        assertThat(e.getMessage()).as(c[0]).startsWith(c[1] + " in ");
      }
    }
  }

}
