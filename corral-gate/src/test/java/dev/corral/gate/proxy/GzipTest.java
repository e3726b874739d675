package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gzip filter over real HTTP: which answers are compressed (type, length, status, Content-Encoding, the
 * request's Accept-Encoding, version, Via and User-Agent), the headers that change with it, and bodies that decode
 * to the original for files, proxied answers (with and without a length) and the gate's own pages.
 */
class GzipTest {
  @TempDir Path prefix;
  @TempDir Path www;
  private GateHarness gate;
  private RawBackend sized;
  private RawBackend chunked;
  private RawBackend encoded;
  private static final String PAGE = "<p>" + "corral ".repeat(2000) + "</p>";

  @BeforeEach
  void start() throws Exception {
    Files.writeString(www.resolve("index.html"), PAGE);
    Files.writeString(www.resolve("small.html"), "tiny");
    Files.writeString(www.resolve("notes.txt"), "plain text ".repeat(50));
    Files.write(www.resolve("big.html"), bigBody());
    sized = new RawBackend("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: \"v1\"\r\nContent-Length: "
        + PAGE.length() + "\r\n\r\n" + PAGE, false);
    chunked = new RawBackend("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", false);
    encoded = new RawBackend("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n"
        + "Content-Length: 30\r\n\r\n" + "b".repeat(30), false);
    gate = new GateHarness(prefix, "http { access_log off; root " + www + "; types { text/html html; "
        + "text/plain txt; } server { listen 127.0.0.1:PORT; gzip on;"
        + " location / { }"
        + " location /typed/ { alias " + www + "/; gzip_types text/plain; }"
        + " location /vary/ { alias " + www + "/; gzip_vary on; }"
        + " location /old/ { alias " + www + "/; gzip_http_version 1.0; }"
        + " location /via/ { alias " + www + "/; gzip_proxied any; }"
        + " location /ua/ { alias " + www + "/; gzip_disable msie6 \"^Bad/\"; }"
        + " location /off/ { alias " + www + "/; gzip off; }"
        + " location /sized/ { proxy_pass http://" + sized.address() + "; }"
        + " location /chunked/ { proxy_pass http://" + chunked.address() + "; }"
        + " location /encoded/ { proxy_pass http://" + encoded.address() + "; }"
        + " location /missing/ { } } }");
  }

  @AfterEach
  void stop() throws IOException {
    gate.close();
    sized.close();
    chunked.close();
    encoded.close();
  }

  private static byte[] bigBody() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < 3_000_000; i++) {
      b.append("line ").append(i).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private Answer get(String path, String headers) throws IOException {
    return Answer.of(gate.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers
        + "\r\n"));
  }

  private Answer gzipGet(String path) throws IOException {
    return get(path, "Accept-Encoding: gzip, deflate\r\n");
  }

  @Test
  void aFileIsCompressedChunkedWithoutLengthNorRangesAndItsEtagWeakened() throws Exception {
    Answer a = gzipGet("/index.html");
    assertThat(a.head).startsWith("HTTP/1.1 200").contains("Content-Encoding: gzip\r\n")
        .contains("Transfer-Encoding: chunked").doesNotContain("Content-Length").doesNotContain("Accept-Ranges")
        .containsPattern("ETag: W/\"[^\"]+\"");
    assertThat(a.gunzipped()).isEqualTo(PAGE);
    assertThat(a.body().length).isLessThan(PAGE.length() / 10);
  }

  @Test
  void aLargeFileDecodesToTheOriginal() throws Exception {
    Answer a = gzipGet("/big.html");
    assertThat(a.head).contains("Content-Encoding: gzip");
    assertThat(a.gunzipped().getBytes(StandardCharsets.US_ASCII)).isEqualTo(bigBody());
  }

  @Test
  void withoutGzipInAcceptEncodingTheFileIsSentAsItIs() throws Exception {
    for (String accept : new String[] {"", "Accept-Encoding: deflate, br\r\n", "Accept-Encoding: gzip;q=0\r\n",
        "Accept-Encoding: x-gzip\r\n", "Accept-Encoding: gzip;q=0.000, br\r\n"}) {
      Answer a = get("/index.html", accept);
      assertThat(a.head).as(accept).doesNotContain("Content-Encoding").contains("Content-Length: " + PAGE.length());
      assertThat(a.text()).isEqualTo(PAGE);
    }
  }

  @Test
  void aNonZeroQualityAnywhereInTheListAcceptsGzip() throws Exception {
    for (String accept : new String[] {"br, gzip;q=0.5", "deflate,gzip", "GZIP", "gzip ;q=1.0, br"}) {
      assertThat(get("/index.html", "Accept-Encoding: " + accept + "\r\n").head).as(accept)
          .contains("Content-Encoding: gzip");
    }
  }

  @Test
  void onlyTextHtmlAndTheListedTypesAreCompressed() throws Exception {
    assertThat(gzipGet("/notes.txt").head).doesNotContain("Content-Encoding");
    Answer typed = gzipGet("/typed/notes.txt");
    assertThat(typed.head).contains("Content-Encoding: gzip");
    assertThat(typed.gunzipped()).isEqualTo("plain text ".repeat(50));
  }

  @Test
  void aBodyShorterThanTheMinimumLengthIsSentAsItIs() throws Exception {
    assertThat(gzipGet("/small.html").head).doesNotContain("Content-Encoding").contains("Content-Length: 4");
  }

  @Test
  void aHeadRequestGetsTheCompressedHeadersAndNoBody() throws Exception {
    String r = gate.raw("HEAD /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Accept-Encoding: gzip\r\n\r\n");
    assertThat(r).contains("Content-Encoding: gzip").doesNotContain("Content-Length").endsWith("\r\n\r\n");
  }

  @Test
  void notModifiedAndPartialAnswersAreNotCompressed() throws Exception {
    Answer first = get("/index.html", "");
    String etag = first.header("ETag");
    assertThat(get("/index.html", "Accept-Encoding: gzip\r\nIf-None-Match: " + etag + "\r\n").head)
        .startsWith("HTTP/1.1 304").doesNotContain("Content-Encoding");
  }

  @Test
  void gzipVaryAddsVaryWhetherOrNotTheClientAcceptsGzip() throws Exception {
    assertThat(gzipGet("/vary/index.html").head).contains("Vary: Accept-Encoding");
    assertThat(get("/vary/index.html", "").head).contains("Vary: Accept-Encoding")
        .doesNotContain("Content-Encoding");
    assertThat(gzipGet("/index.html").head).doesNotContain("Vary");
  }

  @Test
  void http10RequestsAreCompressedOnlyFromGzipHttpVersion10AndTheConnectionThenCloses() throws Exception {
    String request = " HTTP/1.0\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n";
    assertThat(gate.raw("GET /index.html" + request)).doesNotContain("Content-Encoding");
    Answer a = Answer.of(gate.raw("GET /old/index.html" + request));
    assertThat(a.head).contains("Content-Encoding: gzip").doesNotContain("Transfer-Encoding")
        .doesNotContain("Content-Length");
    assertThat(a.gunzipped()).isEqualTo(PAGE);
  }

  @Test
  void aRequestThroughAProxyIsCompressedOnlyAsGzipProxiedAllows() throws Exception {
    String via = "Accept-Encoding: gzip\r\nVia: 1.1 cache\r\n";
    assertThat(get("/index.html", via).head).doesNotContain("Content-Encoding");
    assertThat(get("/via/index.html", via).head).contains("Content-Encoding: gzip");
  }

  @Test
  void gzipDisableMatchesTheUserAgent() throws Exception {
    assertThat(get("/ua/index.html", "Accept-Encoding: gzip\r\nUser-Agent: Bad/1.0\r\n").head)
        .doesNotContain("Content-Encoding");
    assertThat(get("/ua/index.html",
        "Accept-Encoding: gzip\r\nUser-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0)\r\n").head)
        .doesNotContain("Content-Encoding");
    assertThat(get("/ua/index.html", "Accept-Encoding: gzip\r\nUser-Agent: Good/1.0\r\n").head)
        .contains("Content-Encoding: gzip");
  }

  @Test
  void gzipOffInALocationWins() throws Exception {
    assertThat(gzipGet("/off/index.html").head).doesNotContain("Content-Encoding");
  }

  @Test
  void proxiedAnswersWithAndWithoutALengthAreCompressed() throws Exception {
    Answer a = gzipGet("/sized/x");
    assertThat(a.head).contains("Content-Encoding: gzip").doesNotContain("Content-Length")
        .contains("ETag: W/\"v1\"");
    assertThat(a.gunzipped()).isEqualTo(PAGE);
    Answer b = gzipGet("/chunked/x");
    assertThat(b.head).contains("Content-Encoding: gzip");
    assertThat(b.gunzipped()).isEqualTo("hello world");
  }

  @Test
  void anAnswerAlreadyEncodedPassesUntouched() throws Exception {
    Answer a = gzipGet("/encoded/x");
    assertThat(a.head).contains("Content-Encoding: br").contains("Content-Length: 30");
    assertThat(a.text()).isEqualTo("b".repeat(30));
  }

  @Test
  void theGatesOwnNotFoundPageIsCompressedAsNginxsIs() throws Exception {
    Answer a = gzipGet("/missing/nothing.html");
    assertThat(a.head).startsWith("HTTP/1.1 404").contains("Content-Encoding: gzip");
    assertThat(a.gunzipped()).contains("404 Not Found");
  }

  @Test
  void twoCompressedAnswersOnOneKeptAliveConnectionBothDecode() throws Exception {
    String one = "GET /index.html HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n";
    String last = "GET /typed/notes.txt HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n"
        + "Connection: close\r\n\r\n";
    String both = gate.raw(one + last);
    int second = both.indexOf("HTTP/1.1 200", 10);
    assertThat(second).isPositive();
    assertThat(Answer.of(both.substring(0, second)).gunzipped()).isEqualTo(PAGE);
    assertThat(Answer.of(both.substring(second)).gunzipped()).isEqualTo("plain text ".repeat(50));
  }

  /** A raw HTTP/1.1 answer: its head and its body, de-chunked when chunked. */
  private record Answer(String head, String rawBody) {
    static Answer of(String raw) {
      int end = raw.indexOf("\r\n\r\n");
      return new Answer(raw.substring(0, end + 2), raw.substring(end + 4));
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return null;
    }

    byte[] body() {
      byte[] raw = rawBody.getBytes(StandardCharsets.ISO_8859_1);
      if (!"chunked".equalsIgnoreCase(header("Transfer-Encoding"))) {
        return raw;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int i = 0;
      while (true) {
        int lineEnd = rawBody.indexOf("\r\n", i);
        int size = Integer.parseInt(rawBody.substring(i, lineEnd).trim(), 16);
        if (size == 0) {
          return out.toByteArray();
        }
        out.write(raw, lineEnd + 2, size);
        i = lineEnd + 2 + size + 2;
      }
    }

    String text() {
      return new String(body(), StandardCharsets.ISO_8859_1);
    }

    String gunzipped() throws IOException {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body()))) {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
    }
  }
}
