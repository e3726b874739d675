package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rewrite module over real HTTP: {@code rewrite} (captures, flags, arguments), {@code return} with variables,
 * {@code set}, {@code break}, {@code if} with nginx's conditions in servers and locations, the new location
 * look-up after a changed URI and its limit of 10.
 */
class RewriteModuleTest {
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
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; server_name localhost; "
        + server.replace("BACKEND", backend.address()) + " } }");
  }

  private String body(String path) throws Exception {
    return gate.get(path).body();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return gate.get(path);
  }

  @Test
  void aRedirectKeepsTheArgumentsUnlessTheReplacementEndsWithAQuestionMark() throws Exception {
    start("""
        location / { rewrite ^ http://example.com/ redirect; }
        location /add { rewrite ^ http://example.com/?c=d redirect; }
        location /no { rewrite ^ http://example.com/?c=d? permanent; }""");
    assertThat(get("/").headers().firstValue("Location")).hasValue("http://example.com/");
    assertThat(get("/?a=b").headers().firstValue("Location")).hasValue("http://example.com/?a=b");
    assertThat(get("/add?a=b").headers().firstValue("Location")).hasValue("http://example.com/?c=d&a=b");
    HttpResponse<String> no = get("/no?a=b");
    assertThat(no.statusCode()).isEqualTo(301);
    assertThat(no.headers().firstValue("Location")).hasValue("http://example.com/?c=d");
    assertThat(get("/x").statusCode()).isEqualTo(302);
  }

  @Test
  void capturesAndNewArgumentsGoOnToTheNextStatement() throws Exception {
    start("""
        location /capture { rewrite ^(.*) $1?c=d; return 200 "uri:$uri args:$args"; }
        location /dup { rewrite ^(.*) $1?c=$1; return 200 "uri:$uri args:$args"; }
        location /named { rewrite ^/named/(?<first_part>[a-z]+)/(.*)$ /x/$2; return 200 "$first_part $uri"; }""");
    assertThat(body("/capture/x?a=b")).isEqualTo("uri:/capture/x args:c=d&a=b");
    assertThat(body("/dup")).isEqualTo("uri:/dup args:c=/dup");
    assertThat(body("/named/abc/rest")).isEqualTo("abc /x/rest");
  }

  @Test
  void breakStaysInTheLocationAndProxiesTheRewrittenUriWhole() throws Exception {
    start("""
        location /break { rewrite ^/break(.*)$ /echo$1; break; return 500; proxy_pass http://BACKEND/other/; }
        location /flag { rewrite ^/flag/(.*)$ /status/$1?x=1 break; proxy_pass http://BACKEND; }""");
    assertThat(get("/break/a").statusCode()).isEqualTo(200);
    assertThat(backend.uris).containsExactly("/echo/a");
    assertThat(get("/flag/201?y=2").statusCode()).isEqualTo(201);
    assertThat(backend.uris).last().isEqualTo("/status/201?x=1&y=2");
  }

  @Test
  void lastLooksTheLocationUpAgainAndSoDoesAChangedUriAtTheEnd() throws Exception {
    start("""
        location /old/ { rewrite ^/old/(.*)$ /new/$1 last; return 500; }
        location /quiet/ { rewrite ^/quiet/(.*)$ /new/$1; }
        location /new/ { return 200 "new $uri $args"; }""");
    assertThat(body("/old/a?q=1")).isEqualTo("new /new/a q=1");
    assertThat(body("/quiet/b")).isEqualTo("new /new/b ");
  }

  @Test
  void tenUriChangesAreTheLimitThenFiveHundred() throws Exception {
    start("""
        location /loop { rewrite ^ /loop last; }
        location /n { rewrite ^/n(\\d+)$ /n$1x last; return 200 "reached $uri"; }""");
    assertThat(get("/loop").statusCode()).isEqualTo(500);
    assertThat(gate.errorLog()).contains("rewrite or internal redirection cycle while processing \"/loop\"");
  }

  @Test
  void returnRendersVariablesInTextAndLocation() throws Exception {
    start("""
        location /t { return 200 "$request_method $uri $arg_name $http_x_thing"; }
        location /r { return 301 http://$server_name:1/$uri?$args; }
        location /code { return 404 "nothing at $uri"; }""");
    HttpResponse<String> t = gate.client.send(HttpRequest.newBuilder(gate.uri("/t?name=Ann&x=1"))
        .header("X-Thing", "yes").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(t.body()).isEqualTo("GET /t Ann yes");
    assertThat(get("/r?a=1").headers().firstValue("Location")).hasValue("http://localhost:1//r?a=1");
    HttpResponse<String> code = get("/code");
    assertThat(code.statusCode()).isEqualTo(404);
    assertThat(code.body()).isEqualTo("nothing at /code");
  }

  @Test
  void setDefinesAVariableUsableBeforeItInTheFile() throws Exception {
    start("""
        location /early { return 200 "[$late]"; }
        location /set { set $a "x-$arg_v"; set $b "$a-y"; return 200 $b; }
        location /args { set $args "k=v"; return 200 "$args $arg_k"; }
        location /late { set $late 1; return 204; }""");
    assertThat(body("/set?v=7")).isEqualTo("x-7-y");
    assertThat(body("/early")).as("a variable never set in this request is empty").isEqualTo("[]");
    assertThat(body("/args?old=1")).isEqualTo("k=v v");
  }

  @Test
  void ifConditionsAsNginx() throws Exception {
    Path file = Files.writeString(prefix.resolve("present.txt"), "x");
    start("""
        location /truthy { if ($arg_a) { return 200 yes; } return 200 no; }
        location /eq { if ($arg_a = "b c" ) { return 200 eq; } if ($arg_a != b) { return 200 ne; } return 200 b; }
        location /re { if ($http_user_agent ~* ^curl/(\\d+)) { return 200 "curl $1"; } return 200 other; }
        location /nre { if ($uri !~ ^/nre/ok$) { return 403; } return 200 ok; }
        location /file { if (-f PREFIX/present.txt) { return 200 file; } return 200 none; }
        location /nofile { if (!-e PREFIX/absent.txt) { return 200 absent; } return 200 there; }
        location /dir { if (-d PREFIX) { return 200 dir; } return 200 nodir; }"""
        .replace("PREFIX", prefix.toString()));
    assertThat(body("/truthy?a=1")).isEqualTo("yes");
    assertThat(body("/truthy?a=0")).as("0 is false").isEqualTo("no");
    assertThat(body("/truthy")).isEqualTo("no");
    assertThat(body("/eq?a=b%20c")).as("compared with the raw argument").isEqualTo("ne");
    assertThat(body("/eq?a=b")).isEqualTo("b");
    HttpResponse<String> curl = gate.client.send(HttpRequest.newBuilder(gate.uri("/re"))
        .header("User-Agent", "CURL/8.1").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(curl.body()).isEqualTo("curl 8");
    assertThat(get("/nre/x").statusCode()).isEqualTo(403);
    assertThat(body("/nre/ok")).isEqualTo("ok");
    assertThat(body("/file")).isEqualTo("file");
    assertThat(body("/nofile")).isEqualTo("absent");
    assertThat(body("/dir")).isEqualTo("dir");
    assertThat(file).exists();
  }

  @Test
  void anIfInALocationIsANestedLocationThatKeepsTheLocationsProxyPass() throws Exception {
    TestBackend other = new TestBackend("other");
    start("""
        location / {
          if ($arg_hdr) { add_header X-If on; }
          if ($arg_other) { proxy_pass http://OTHER; }
          add_header X-Location on;
          proxy_pass http://BACKEND;
        }""".replace("OTHER", other.address()));
    HttpResponse<String> inIf = get("/a?hdr=1");
    assertThat(inIf.body()).isEqualTo("app");
    assertThat(inIf.headers().firstValue("X-If")).hasValue("on");
    assertThat(inIf.headers().firstValue("X-Location")).as("the if's own add_header replaces the location's")
        .isEmpty();
    HttpResponse<String> plain = get("/a");
    assertThat(plain.headers().firstValue("X-Location")).hasValue("on");
    assertThat(get("/x?other=1").body()).isEqualTo("other");
    other.close();
  }

  @Test
  void serverLevelStatementsRunBeforeTheLocationIsFound() throws Exception {
    start("""
        if ($http_x_block) { return 403; }
        rewrite ^/legacy/(.*)$ /current/$1;
        set $via server;
        location /current/ { return 200 "$uri via $via"; }
        location / { return 200 "root $uri"; }""");
    assertThat(body("/legacy/a")).isEqualTo("/current/a via server");
    assertThat(body("/other")).isEqualTo("root /other");
    HttpResponse<String> blocked = gate.client.send(HttpRequest.newBuilder(gate.uri("/legacy/a"))
        .header("X-Block", "1").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(blocked.statusCode()).isEqualTo(403);
  }

  @Test
  void serverLevelReturnAnswersEveryRequest() throws Exception {
    start("return 301 https://$server_name$request_uri; location / { return 200 never; }");
    HttpResponse<String> r = get("/a?b=c");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("https://localhost/a?b=c");
  }

  @Test
  void rewriteLogWritesMatchesAtNotice() throws Exception {
    start("rewrite_log on; location / { rewrite ^/a$ /b; rewrite ^/zzz$ /c; return 200 $uri; }");
    assertThat(body("/a")).isEqualTo("/b");
    assertThat(gate.errorLog()).contains("\"^/a$\" matches \"/a\"").contains("\"^/zzz$\" does not match \"/b\"");
  }

  @Test
  void return444ClosesTheConnectionWithoutAnAnswer() throws Exception {
    start("location / { return 444; }");
    assertThat(gate.raw("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).isEmpty();
  }

  @Test
  void requestIdIs32HexDigitsAndStableWithinARequest() throws Exception {
    start("location / { return 200 \"$request_id $request_id\"; }");
    String[] ids = body("/").split(" ");
    assertThat(ids[0]).matches("[0-9a-f]{32}").isEqualTo(ids[1]);
    assertThat(body("/").split(" ")[0]).isNotEqualTo(ids[0]);
  }

  static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }
}
