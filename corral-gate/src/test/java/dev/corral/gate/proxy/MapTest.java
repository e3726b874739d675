package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code map} over real HTTP: exact keys (any case), {@code hostnames} masks, regexes with captures, {@code default},
 * a value that is another map's variable, {@code include} inside the block, {@code volatile}, and evaluation only when
 * read.
 */
class MapTest {
  @TempDir Path prefix;
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  private void start(String maps, String locations) throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; " + maps + " server { listen 127.0.0.1:PORT; "
        + "server_name localhost; " + locations + " } }");
  }

  private String body(String path) throws Exception {
    return gate.get(path).body();
  }

  @Test
  void exactKeysMatchInAnyCaseAndTheDefaultOtherwise() throws Exception {
    start("map $args $x { default none; foo bar; \\default escaped; }", "location / { return 200 $x; }");
    assertThat(body("/?foo")).isEqualTo("bar");
    assertThat(body("/?FOO")).isEqualTo("bar");
    assertThat(body("/?default")).as("a leading backslash makes a key of the word").isEqualTo("escaped");
    assertThat(body("/?other")).isEqualTo("none");
  }

  @Test
  void hostnamesMasksInNginxsOrderOfPriority() throws Exception {
    start("""
        map $args $y {
          hostnames;
          default 0;
          example.com exact;
          example.* right;
          *.example.com left;
          .dot.example.com dot;
          ~^REGEX\\.ORG$ sensitive;
          ~*^www\\.regex\\.org$ insensitive;
        }""", "location / { return 200 $y; }");
    assertThat(body("/?EXAMPLE.COM")).isEqualTo("exact");
    assertThat(body("/?example.com.")).as("a trailing dot is dropped").isEqualTo("exact");
    assertThat(body("/?example.org")).isEqualTo("right");
    assertThat(body("/?a.example.com")).isEqualTo("left");
    assertThat(body("/?dot.example.com")).isEqualTo("dot");
    assertThat(body("/?www.dot.example.com")).isEqualTo("dot");
    assertThat(body("/?REGEX.ORG")).isEqualTo("sensitive");
    assertThat(body("/?regex.org")).isEqualTo("0");
    assertThat(body("/?WWW.REGEX.ORG")).isEqualTo("insensitive");
  }

  @Test
  void regexCapturesAndOtherVariablesInValues() throws Exception {
    Files.writeString(prefix.resolve("more.conf"), "included from-file;");
    start("""
        map $uri $section { ~^/(?<area>[a-z]+)/(\\d+) "$area-$2"; default "$server_name"; }
        map $arg_k $chained { default $z; }
        map $arg_k $z { include more.conf; default zz; }""",
        "location / { return 200 \"$section|$chained\"; }");
    assertThat(body("/shop/42/x")).isEqualTo("shop-42|zz");
    assertThat(body("/")).isEqualTo("localhost|zz");
    assertThat(body("/?k=included")).isEqualTo("localhost|from-file");
  }

  @Test
  void aVolatileMapIsEvaluatedAtEachUseAndAnotherOnlyOnce() throws Exception {
    start("""
        map $arg_x $cached { default $request_id-$uri; }
        map $arg_x $fresh { volatile; default $uri; }""",
        "location / { set $before $cached; rewrite ^ /changed; set $after $cached; "
            + "return 200 \"$before $after $fresh\"; }");
    String[] parts = body("/start").split(" ");
    assertThat(parts[0]).as("cached for the request").isEqualTo(parts[1]).endsWith("-/start");
    assertThat(parts[2]).isEqualTo("/changed");
  }

  @Test
  void aMapUsedNowhereIsNeverEvaluated() throws Exception {
    start("map $arg_x $self { default $self; }", "location / { return 200 ok; } location /self { return 200 \"[$self]\"; }");
    assertThat(body("/")).isEqualTo("ok");
    assertThat(body("/self")).as("a map that reads itself is empty").isEqualTo("[]");
  }

  @Test
  void aMapInAnAddHeaderValueWithALineBreakIsSentOnOneLine() throws Exception {
    start("map $args $x { default 0; foo bar; }", "location / { add_header X-Foo \"x:$x\\n\"; return 204; }");
    assertThat(gate.get("/?foo").headers().firstValue("X-Foo")).hasValue("x:bar");
  }
}
