package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests of nginx Plus's {@code match} block, compiled from configuration text and evaluated on responses. */
class HealthMatchTest {
  @TempDir Path prefix;

  private HealthMatch match(String tests) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), "http { match m { " + tests + " } upstream app { "
          + "server 127.0.0.1:9000; health_check match=m; } }");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "").upstreams().get("app").healthCheck()
        .orElseThrow().match().orElseThrow();
  }

  /** Field lookup as Netty's: case-insensitive names, every value of a name. */
  private static Function<String, List<String>> fields(Map<String, List<String>> fields) {
    TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(fields);
    return name -> map.getOrDefault(name, List.of());
  }

  private static final Function<String, List<String>> NO_FIELDS = name -> List.of();

  private static boolean status(HealthMatch m, int status) {
    return m.acceptsHead(status, NO_FIELDS);
  }

  @Test
  void singleCodesAndListsOfCodes() {
    HealthMatch one = match("status 200;");
    assertThat(status(one, 200)).isTrue();
    assertThat(status(one, 201)).isFalse();
    HealthMatch two = match("status 200 204;");
    assertThat(status(two, 200)).isTrue();
    assertThat(status(two, 204)).isTrue();
    assertThat(status(two, 202)).isFalse();
  }

  @Test
  void negatedCodesAcceptEverythingElse() {
    HealthMatch not500 = match("status ! 500;");
    assertThat(status(not500, 500)).isFalse();
    assertThat(status(not500, 501)).isTrue();
    assertThat(status(not500, 200)).isTrue();
    HealthMatch neither = match("status ! 301 302;");
    assertThat(status(neither, 301)).isFalse();
    assertThat(status(neither, 302)).isFalse();
    assertThat(status(neither, 303)).isTrue();
  }

  @Test
  void rangesIncludeBothEnds() {
    HealthMatch range = match("status 200-399;");
    assertThat(status(range, 199)).isFalse();
    assertThat(status(range, 200)).isTrue();
    assertThat(status(range, 399)).isTrue();
    assertThat(status(range, 400)).isFalse();
    HealthMatch notRange = match("status ! 400-599;");
    assertThat(status(notRange, 399)).isTrue();
    assertThat(status(notRange, 400)).isFalse();
    assertThat(status(notRange, 599)).isFalse();
  }

  @Test
  void rangesAndCodesMix() {
    HealthMatch m = match("status 301-303 307;");
    assertThat(List.of(300, 301, 302, 303, 304, 306, 307, 308).stream().filter(s -> status(m, s)))
        .containsExactly(301, 302, 303, 307);
    HealthMatch notRedirect = match("status ! 301-303 307;");
    assertThat(List.of(200, 301, 303, 304, 307).stream().filter(s -> status(notRedirect, s)))
        .containsExactly(200, 304);
  }

  @Test
  void severalStatusTestsMustAllHold() {
    HealthMatch m = match("status 200-299; status ! 204;");
    assertThat(status(m, 200)).isTrue();
    assertThat(status(m, 204)).isFalse();
    assertThat(status(m, 300)).isFalse();
  }

  @Test
  void withoutStatusTestAnyStatusPasses() {
    HealthMatch m = match("header ! X-Maintenance;");
    assertThat(status(m, 500)).isTrue();
    assertThat(status(m, 404)).isTrue();
    assertThat(status(match(""), 503)).as("an empty block accepts every response").isTrue();
  }

  @Test
  void headerEqualsComparesTheWholeValueAndNamesIgnoreCase() {
    HealthMatch m = match("header Content-Type = text/html;");
    assertThat(m.acceptsHead(200, fields(Map.of("content-type", List.of("text/html"))))).isTrue();
    assertThat(m.acceptsHead(200, fields(Map.of("Content-Type", List.of("text/html; charset=utf-8"))))).isFalse();
    assertThat(m.acceptsHead(200, fields(Map.of("Content-Type", List.of("TEXT/HTML"))))).isFalse();
    assertThat(m.acceptsHead(200, NO_FIELDS)).isFalse();
  }

  @Test
  void headerNotEqualsNeedsTheFieldWithAnotherValue() {
    HealthMatch m = match("header Content-Type != text/html;");
    assertThat(m.acceptsHead(200, fields(Map.of("Content-Type", List.of("application/json"))))).isTrue();
    assertThat(m.acceptsHead(200, fields(Map.of("Content-Type", List.of("text/html"))))).isFalse();
    assertThat(m.acceptsHead(200, NO_FIELDS)).as("the field must be there").isFalse();
  }

  @Test
  void headerRegexIsFoundAnywhereInTheValue() {
    HealthMatch m = match("header Connection ~ close;");
    assertThat(m.acceptsHead(200, fields(Map.of("Connection", List.of("keep-alive, close"))))).isTrue();
    assertThat(m.acceptsHead(200, fields(Map.of("Connection", List.of("keep-alive"))))).isFalse();
    assertThat(m.acceptsHead(200, fields(Map.of("Connection", List.of("CLOSE"))))).as("case-sensitive").isFalse();
    assertThat(match("header Connection ~ \"(?i)^close$\";")
        .acceptsHead(200, fields(Map.of("Connection", List.of("CLOSE"))))).isTrue();
    assertThat(m.acceptsHead(200, NO_FIELDS)).isFalse();
  }

  @Test
  void headerNegatedRegexNeedsTheFieldWithANonMatchingValue() {
    HealthMatch m = match("header Connection !~ close;");
    assertThat(m.acceptsHead(200, fields(Map.of("Connection", List.of("keep-alive"))))).isTrue();
    assertThat(m.acceptsHead(200, fields(Map.of("Connection", List.of("close"))))).isFalse();
    assertThat(m.acceptsHead(200, NO_FIELDS)).isFalse();
  }

  @Test
  void headerPresenceAndAbsence() {
    HealthMatch present = match("header Host;");
    HealthMatch absent = match("header ! X-Accel-Redirect;");
    Function<String, List<String>> withBoth = fields(Map.of("host", List.of("a"), "x-accel-redirect", List.of("")));
    assertThat(present.acceptsHead(200, withBoth)).isTrue();
    assertThat(present.acceptsHead(200, NO_FIELDS)).isFalse();
    assertThat(absent.acceptsHead(200, withBoth)).isFalse();
    assertThat(absent.acceptsHead(200, NO_FIELDS)).isTrue();
  }

  @Test
  void aFieldSentTwicePassesWhenOneValueDoes() {
    HealthMatch m = match("header Set-Cookie = b=2;");
    assertThat(m.acceptsHead(200, fields(Map.of("Set-Cookie", List.of("a=1", "b=2"))))).isTrue();
  }

  @Test
  void bodyRegexAndItsNegation() {
    HealthMatch welcome = match("body ~ \"Welcome to nginx!\";");
    assertThat(welcome.examinesBody()).isTrue();
    assertThat(welcome.acceptsBody("<h1>Welcome to nginx!</h1>")).isTrue();
    assertThat(welcome.acceptsBody("<h1>Welcome to Apache</h1>")).isFalse();
    HealthMatch notMaintenance = match("body !~ \"maintenance mode\";");
    assertThat(notMaintenance.acceptsBody("all good")).isTrue();
    assertThat(notMaintenance.acceptsBody("in maintenance mode")).isFalse();
    assertThat(match("status 200;").examinesBody()).isFalse();
  }

  @Test
  void bodyRegexMatchesTheUtf8BytesOfNonAsciiText() {
    HealthMatch m = match("body ~ \"état: prêt\";");
    String utf8AsBytes = new String("<p>état: prêt</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(m.acceptsBody(utf8AsBytes)).isTrue();
  }

  @Test
  void everyTestOfTheBlockMustPass() {
    HealthMatch m = match("status 200; header Content-Type = text/html; body ~ \"Welcome\";");
    Function<String, List<String>> html = fields(Map.of("Content-Type", List.of("text/html")));
    assertThat(m.acceptsHead(200, html)).isTrue();
    assertThat(m.acceptsHead(201, html)).isFalse();
    assertThat(m.acceptsHead(200, fields(Map.of("Content-Type", List.of("text/plain"))))).isFalse();
    assertThat(m.acceptsBody("Welcome")).isTrue();
    assertThat(m.acceptsBody("Goodbye")).isFalse();
  }

  @Test
  void anUnchangedBlockCompilesToAnEqualRecordSoReloadKeepsTheUpstream() {
    String tests = "status 200-399; header X ~ \"^a+$\"; body !~ \"down\";";
    assertThat(match(tests)).isEqualTo(match(tests));
    assertThat(match(tests)).isNotEqualTo(match("status 200-399; header X ~ \"^b+$\"; body !~ \"down\";"));
  }
}
