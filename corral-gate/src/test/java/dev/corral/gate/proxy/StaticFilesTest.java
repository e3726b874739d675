package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files over real HTTP from a real directory: root, alias, index, directories, methods, types. */
class StaticFilesTest {
  @TempDir Path prefix;
  @TempDir Path www;
  private GateHarness gate;
  private static final Instant MTIME = Instant.parse("2024-03-05T10:20:30Z");

  @BeforeEach
  void files() throws Exception {
    write("index.html", "<p>home</p>");
    write("hello.txt", "hello, files");
    Files.createDirectories(www.resolve("dir"));
    write("dir/index.htm", "dir index");
    Files.createDirectories(www.resolve("empty"));
    write("other/a.html", "aliased");
  }

  private void write(String name, String text) throws Exception {
    Path p = www.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    Files.setLastModifiedTime(p, FileTime.from(MTIME));
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  private void start(String server) throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; root " + www + "; server { listen 127.0.0.1:PORT; "
        + server + " } }");
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return gate.client.send(HttpRequest.newBuilder(gate.uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFileIsServedWithItsLengthTypeDateAndEtag() throws Exception {
    start("location / { }");
    HttpResponse<String> r = gate.get("/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello, files");
    assertThat(r.headers().firstValue("Content-Length")).hasValue("12");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(r.headers().firstValue("Last-Modified")).hasValue("Tue, 05 Mar 2024 10:20:30 GMT");
    assertThat(r.headers().firstValue("ETag"))
        .hasValue("\"" + Long.toHexString(MTIME.getEpochSecond()) + "-" + Long.toHexString(12) + "\"");
    assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
  }

  @Test
  void aRequestNoLocationMatchesIsServedFromTheServersRoot() throws Exception {
    start("location /api { return 200 api; }");
    assertThat(gate.get("/hello.txt").body()).isEqualTo("hello, files");
  }

  @Test
  void theSlashUriRedirectsInternallyToTheFirstIndexFileThatExists() throws Exception {
    start("index missing.html index.htm index.html; location / { }");
    assertThat(gate.get("/").body()).isEqualTo("<p>home</p>");
    assertThat(gate.get("/dir/").body()).isEqualTo("dir index");
    assertThat(gate.get("/").headers().firstValue("Content-Type")).hasValue("text/html");
  }

  @Test
  void anIndexFileIsLookedUpAgainInTheLocationOfItsUri() throws Exception {
    start("location / { } location = /index.html { return 200 \"by location\"; }");
    assertThat(gate.get("/").body()).isEqualTo("by location");
  }

  @Test
  void aDirectoryWithoutIndexIsForbiddenAndAMissingOneNotFound() throws Exception {
    start("location / { }");
    assertThat(gate.get("/empty/").statusCode()).isEqualTo(403);
    assertThat(gate.errorLog()).contains("directory index of \"" + www.resolve("empty") + "/\" is forbidden");
    assertThat(gate.get("/nothing/").statusCode()).isEqualTo(404);
  }

  @Test
  void aDirectoryWithoutItsSlashIsRedirectedToTheSlashFormWithTheQuery() throws Exception {
    start("location / { }");
    HttpResponse<String> r = gate.get("/dir?a=1");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(r.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + gate.port + "/dir/?a=1");
  }

  @Test
  void aMissingFileIs404AndLoggedUnlessLogNotFoundIsOff() throws Exception {
    start("location / { } location /quiet { log_not_found off; }");
    assertThat(gate.get("/nope.txt").statusCode()).isEqualTo(404);
    assertThat(gate.errorLog()).contains("open() \"" + www.resolve("nope.txt") + "\" failed (2: No such file or "
        + "directory)");
    assertThat(gate.get("/quiet/nope.txt").statusCode()).isEqualTo(404);
    assertThat(gate.errorLog()).doesNotContain("quiet");
  }

  @Test
  void headGetsTheHeadersWithoutTheBodyAndOtherMethodsAreNotAllowed() throws Exception {
    start("location / { }");
    String head = gate.raw("HEAD /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 12").doesNotContain("hello, files");
    assertThat(send("PUT", "/hello.txt").statusCode()).isEqualTo(405);
    assertThat(send("POST", "/hello.txt").statusCode()).isEqualTo(405);
    assertThat(send("POST", "/nope.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void aliasReplacesTheLocationPrefix() throws Exception {
    start("location /static/ { alias " + www.resolve("other") + "/; }");
    assertThat(gate.get("/static/a.html").body()).isEqualTo("aliased");
    assertThat(gate.get("/static/../hello.txt").statusCode()).isIn(400, 404);
  }

  @Test
  void theRootOfTheInnermostLevelWins() throws Exception {
    start("location /o/ { root " + www.resolve("other") + "/..; } location /x/ { root " + www.resolve("other")
        + "; }");
    assertThat(gate.get("/x/a.html").statusCode()).isEqualTo(404);
    Files.createDirectories(www.resolve("other/x"));
    Files.writeString(www.resolve("other/x/b.txt"), "under other");
    assertThat(gate.get("/x/b.txt").body()).isEqualTo("under other");
  }

  @Test
  void typesGiveTheContentTypeAndDefaultTypeTheRest() throws Exception {
    start("types { application/x-test txt; } default_type application/octet-stream; location / { }");
    assertThat(gate.get("/hello.txt").headers().firstValue("Content-Type")).hasValue("application/x-test");
    write("noext", "x");
    assertThat(gate.get("/noext").headers().firstValue("Content-Type")).hasValue("application/octet-stream");
  }

  @Test
  void aLargeFileArrivesWhole() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >> 12));
    }
    Files.write(www.resolve("big.bin"), big);
    start("location / { }");
    HttpResponse<byte[]> r = gate.client.send(HttpRequest.newBuilder(gate.uri("/big.bin")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.body()).isEqualTo(big);
  }

  @Test
  void tryFilesServesTheFirstExistingNameAndFallsBackToTheLastArgument() throws Exception {
    start("location / { try_files /missing $uri =404; } location /fb/ { try_files $uri /hello.txt; }"
        + " location /d/ { try_files /dir/ =404; } location /code/ { try_files /nothing =418; }");
    assertThat(gate.get("/hello.txt").body()).isEqualTo("hello, files");
    assertThat(gate.get("/nope").statusCode()).isEqualTo(404);
    assertThat(gate.get("/fb/none").body()).isEqualTo("hello, files");
    HttpResponse<String> dir = gate.get("/d/");
    assertThat(dir.statusCode()).as("a directory found by try_files is redirected to its slash form").isEqualTo(301);
    assertThat(dir.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + gate.port + "/dir/");
    assertThat(gate.get("/code/").statusCode()).isEqualTo(418);
  }

  @Test
  void aNestedLocationReplacesThePrefixOfTheLocationThatSetTheAlias() throws Exception {
    start("location /a/ { alias " + www.resolve("other") + "/; location ~ html { } }");
    assertThat(gate.get("/a/a.html").body()).isEqualTo("aliased");
  }

  @Test
  void indexNamesTakeVariables() throws Exception {
    write("localhost.html", "by host");
    start("server_name localhost; location / { index $server_name.html; }");
    assertThat(gate.get("/").body()).isEqualTo("by host");
  }

  @Test
  void expiresWithAVariableIsReadPerRequestAndAnInvalidValueAddsNothing() throws Exception {
    start("location / { expires $arg_e; }");
    assertThat(gate.get("/hello.txt?e=1h").headers().firstValue("Cache-Control")).hasValue("max-age=3600");
    assertThat(gate.get("/hello.txt?e=epoch").headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(gate.get("/hello.txt?e=bad").headers().firstValue("Cache-Control")).isEmpty();
    assertThat(gate.get("/hello.txt").headers().firstValue("Expires")).isEmpty();
  }

  @Test
  void expiresAppliesToOtherAnswersOfTheListedStatusesOnly() throws Exception {
    start("expires 2048; location /r { return 200 ok; } location /e { return 500; }");
    assertThat(gate.get("/r").headers().firstValue("Cache-Control")).hasValue("max-age=2048");
    assertThat(gate.get("/e").headers().firstValue("Cache-Control")).isEmpty();
    assertThat(gate.get("/nope").headers().firstValue("Cache-Control")).isEmpty();
  }

  @Test
  void anEmptyAddHeaderEtagRemovesTheFilesEtag() throws Exception {
    start("location / { add_header ETag \"\"; }");
    assertThat(gate.get("/hello.txt").headers().firstValue("ETag")).isEmpty();
  }
}
