package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditional and range requests for static files over a raw socket, as nginx answers them: 304 and 412 from the
 * If-* headers, single and multipart ranges, If-Range, 416, max_ranges, and expires' Cache-Control.
 */
class ConditionalRangeTest {
  private static final Instant MTIME = Instant.parse("2024-03-05T10:20:30Z");
  private static final String LAST_MODIFIED = "Tue, 05 Mar 2024 10:20:30 GMT";
  private static final String BODY = "0123456789abcdefghijklmnopqrstuvwxyz";
  @TempDir Path prefix;
  @TempDir Path www;
  private GateHarness gate;
  private String etag;

  @BeforeEach
  void start() throws Exception {
    Path file = www.resolve("f.txt");
    Files.writeString(file, BODY);
    Files.setLastModifiedTime(file, FileTime.from(MTIME));
    etag = "\"" + Long.toHexString(MTIME.getEpochSecond()) + "-" + Long.toHexString(BODY.length()) + "\"";
    gate = new GateHarness(prefix, "http { access_log off; root " + www + "; server { listen 127.0.0.1:PORT;"
        + " location / { } location /before/ { alias " + www + "/; if_modified_since before; }"
        + " location /noetag/ { alias " + www + "/; etag off; }"
        + " location /two/ { alias " + www + "/; max_ranges 2; }"
        + " location /none/ { alias " + www + "/; max_ranges 0; }"
        + " location /max/ { alias " + www + "/; expires max; }"
        + " location /epoch/ { alias " + www + "/; expires epoch; }"
        + " location /hour/ { alias " + www + "/; expires 1h; }"
        + " location /past/ { alias " + www + "/; expires -1; }"
        + " location /modified/ { alias " + www + "/; expires modified 1d; }"
        + " location /stamped/ { alias " + www + "/; add_header Last-Modified \"Mon, 28 Sep 1970 06:00:00 GMT\"; }"
        + " location /unstamped/ { alias " + www + "/; add_header Last-Modified \"\"; } } }");
  }

  @AfterEach
  void stop() {
    gate.close();
  }

  private String get(String path, String headers) throws Exception {
    return gate.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n");
  }

  private static String status(String answer) {
    return answer.substring(9, 12);
  }

  private static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void ifModifiedSinceEqualToTheFileTimeIsNotModified() throws Exception {
    String r = get("/f.txt", "If-Modified-Since: " + LAST_MODIFIED + "\r\n");
    assertThat(status(r)).isEqualTo("304");
    assertThat(body(r)).isEmpty();
    assertThat(r).contains("ETag: " + etag).doesNotContain("Content-Length").doesNotContain("Accept-Ranges");
  }

  @Test
  void aLaterIfModifiedSinceIsNotModifiedOnlyWithBefore() throws Exception {
    String later = "If-Modified-Since: Wed, 06 Mar 2024 00:00:00 GMT\r\n";
    assertThat(status(get("/f.txt", later))).isEqualTo("200");
    assertThat(status(get("/before/f.txt", later))).isEqualTo("304");
    assertThat(status(get("/before/f.txt", "If-Modified-Since: Mon, 04 Mar 2024 00:00:00 GMT\r\n")))
        .isEqualTo("200");
  }

  @Test
  void ifNoneMatchComparesEtagsWeaklyAndIfMatchStrongly() throws Exception {
    assertThat(status(get("/f.txt", "If-None-Match: \"x\", " + etag + "\r\n"))).isEqualTo("304");
    assertThat(status(get("/f.txt", "If-None-Match: W/" + etag + "\r\n"))).isEqualTo("304");
    assertThat(status(get("/f.txt", "If-None-Match: *\r\n"))).isEqualTo("304");
    assertThat(status(get("/f.txt", "If-None-Match: \"other\"\r\n"))).isEqualTo("200");
    assertThat(status(get("/f.txt", "If-Match: " + etag + "\r\n"))).isEqualTo("200");
    assertThat(status(get("/f.txt", "If-Match: \"other\"\r\n"))).isEqualTo("412");
    assertThat(status(get("/noetag/f.txt", "If-None-Match: " + etag + "\r\n"))).isEqualTo("200");
    assertThat(get("/noetag/f.txt", "")).doesNotContain("ETag");
  }

  @Test
  void ifUnmodifiedSinceBeforeTheFileTimeFailsThePrecondition() throws Exception {
    assertThat(status(get("/f.txt", "If-Unmodified-Since: Mon, 04 Mar 2024 00:00:00 GMT\r\n"))).isEqualTo("412");
    assertThat(status(get("/f.txt", "If-Unmodified-Since: " + LAST_MODIFIED + "\r\n"))).isEqualTo("200");
  }

  @Test
  void oneRangeIsAPartialAnswerWithItsContentRange() throws Exception {
    String r = get("/f.txt", "Range: bytes=2-5\r\n");
    assertThat(status(r)).isEqualTo("206");
    assertThat(r).contains("Content-Range: bytes 2-5/36").contains("Content-Length: 4");
    assertThat(body(r)).isEqualTo("2345");
    assertThat(body(get("/f.txt", "Range: bytes=-3\r\n"))).isEqualTo("xyz");
    assertThat(body(get("/f.txt", "Range: bytes=30-\r\n"))).isEqualTo("uvwxyz");
    assertThat(body(get("/f.txt", "Range: bytes=30-1000\r\n"))).isEqualTo("uvwxyz");
  }

  @Test
  void severalRangesAreAMultipartAnswerWithOnePartEach() throws Exception {
    String r = get("/f.txt", "Range: bytes=0-1, 10-12\r\n");
    assertThat(status(r)).isEqualTo("206");
    Matcher m = Pattern.compile("Content-Type: multipart/byteranges; boundary=(\\d{10})").matcher(r);
    assertThat(m.find()).isTrue();
    String b = m.group(1);
    String expected = "\r\n--" + b + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/36\r\n\r\n01"
        + "\r\n--" + b + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 10-12/36\r\n\r\nabc"
        + "\r\n--" + b + "--\r\n";
    assertThat(body(r)).isEqualTo(expected);
    assertThat(r).contains("Content-Length: " + expected.length());
  }

  @Test
  void anUnsatisfiableRangeIs416AndAMalformedOneToo() throws Exception {
    String r = get("/f.txt", "Range: bytes=100-200\r\n");
    assertThat(status(r)).isEqualTo("416");
    assertThat(r).contains("Content-Range: bytes */36");
    assertThat(status(get("/f.txt", "Range: bytes=x-3\r\n"))).isEqualTo("416");
    assertThat(status(get("/f.txt", "Range: items=1-2\r\n"))).isEqualTo("200");
  }

  @Test
  void ifRangeGivesTheRangeOnlyWhenTheValidatorMatches() throws Exception {
    assertThat(status(get("/f.txt", "Range: bytes=0-1\r\nIf-Range: " + etag + "\r\n"))).isEqualTo("206");
    assertThat(status(get("/f.txt", "Range: bytes=0-1\r\nIf-Range: " + LAST_MODIFIED + "\r\n"))).isEqualTo("206");
    assertThat(status(get("/f.txt", "Range: bytes=0-1\r\nIf-Range: \"old\"\r\n"))).isEqualTo("200");
    assertThat(status(get("/f.txt", "Range: bytes=0-1\r\nIf-Range: Mon, 04 Mar 2024 00:00:00 GMT\r\n")))
        .isEqualTo("200");
  }

  @Test
  void maxRangesLimitsHowManyRangesGetAPartialAnswer() throws Exception {
    assertThat(status(get("/two/f.txt", "Range: bytes=0-1, 3-4\r\n"))).isEqualTo("206");
    assertThat(status(get("/two/f.txt", "Range: bytes=0-1, 3-4, 6-7\r\n"))).isEqualTo("200");
    String none = get("/none/f.txt", "Range: bytes=0-1\r\n");
    assertThat(status(none)).isEqualTo("200");
    assertThat(none).doesNotContain("Accept-Ranges");
  }

  @Test
  void expiresSetsExpiresAndCacheControlAsNginx() throws Exception {
    assertThat(get("/max/f.txt", "")).contains("Expires: Thu, 31 Dec 2037 23:55:55 GMT")
        .contains("Cache-Control: max-age=315360000");
    assertThat(get("/epoch/f.txt", "")).contains("Expires: Thu, 01 Jan 1970 00:00:01 GMT")
        .contains("Cache-Control: no-cache");
    assertThat(get("/hour/f.txt", "")).contains("Cache-Control: max-age=3600");
    assertThat(get("/past/f.txt", "")).contains("Cache-Control: no-cache");
    assertThat(get("/modified/f.txt", "")).contains("Expires: Wed, 06 Mar 2024 10:20:30 GMT")
        .contains("Cache-Control: no-cache");
    assertThat(get("/f.txt", "")).doesNotContain("Expires").doesNotContain("Cache-Control");
  }

  @Test
  void ifRangeIsComparedWithTheLastModifiedAnAddHeaderSets() throws Exception {
    String stamp = "Mon, 28 Sep 1970 06:00:00 GMT";
    assertThat(status(get("/stamped/f.txt", "Range: bytes=0-1\r\nIf-Range: " + stamp + "\r\n"))).isEqualTo("206");
    assertThat(status(get("/stamped/f.txt", "Range: bytes=0-1\r\nIf-Range: " + LAST_MODIFIED + "\r\n")))
        .isEqualTo("200");
    String none = get("/unstamped/f.txt", "Range: bytes=0-1\r\nIf-Range: " + LAST_MODIFIED + "\r\n");
    assertThat(status(none)).isEqualTo("200");
    assertThat(none).doesNotContain("Last-Modified");
  }
}
