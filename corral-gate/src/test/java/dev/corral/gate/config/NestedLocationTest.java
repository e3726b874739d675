package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nested and named locations: nginx's search (the longest prefix, then its nested locations, then the regexes of
 * the outer level unless the prefix is {@code ^~}), inheritance from the enclosing location, and nginx's refusals
 * of impossible nestings.
 */
class NestedLocationTest {
  @TempDir Path prefix;

  private GateConfig load(String server) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), "http {\nserver { listen 8080;\n" + server + "\n}\n}\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  private static String body(LocationConfig location) {
    return ((LocationHandler.Return) location.handler()).text().orElseThrow().toString();
  }

  private String at(int line) {
    return " in " + prefix.resolve("gate.conf") + ":" + line;
  }

  private static final String TREE = """
      location / { return 200 root;
        location /a/ { return 200 a;
          location ~ \\.php$ { return 200 a-php; }
          location /a/b/ { return 200 a-b; }
          location ^~ /a/n/ { return 200 a-n; }
        }
      }
      location ^~ /static/ { return 200 static;
        location ~ \\.gif$ { return 200 static-gif; }
      }
      location ~ \\.(php|gif|txt)$ { return 200 outer-regex;
        location ~ \\.txt$ { return 200 outer-regex-txt; }
      }
      location @named { return 200 named; }
      """;

  private String match(String path) {
    LocationMatcher matcher = new LocationMatcher(load(TREE).servers().get(0).locations());
    return matcher.match(path).map(NestedLocationTest::body).orElse("<none>");
  }

  @Test
  void theLongestPrefixIsSearchedForNestedLocations() {
    assertThat(match("/a/b/c")).isEqualTo("a-b");
    assertThat(match("/a/x")).isEqualTo("a");
    assertThat(match("/x")).isEqualTo("root");
  }

  @Test
  void aNestedRegexWinsOverTheOuterLevelsRegexes() {
    assertThat(match("/a/b/x.php")).isEqualTo("a-php");
  }

  @Test
  void theOuterRegexesWinOverANestedPrefixWhenNoNestedRegexMatches() {
    assertThat(match("/a/b/x.gif")).isEqualTo("outer-regex");
  }

  @Test
  void aRegexLocationsNestedLocationsAreSearchedWhenItMatches() {
    assertThat(match("/x.txt")).isEqualTo("outer-regex-txt");
    assertThat(match("/x.gif")).isEqualTo("outer-regex");
  }

  @Test
  void caretTildeStopsTheRegexesOfItsLevelButNotItsOwnNestedOnes() {
    assertThat(match("/static/x.txt")).isEqualTo("static");
    assertThat(match("/static/x.gif")).isEqualTo("static-gif");
  }

  @Test
  void aNestedCaretTildeStopsOnlyItsOwnLevelsRegexes() {
    assertThat(match("/a/n/x.php")).as("the regexes of /a/ are skipped").isEqualTo("outer-regex");
  }

  @Test
  void aUriEqualToAPrefixEndsTheSearch() {
    assertThat(match("/a/")).isEqualTo("a");
  }

  @Test
  void aNamedLocationIsNeverMatchedByAUriButFoundByName() {
    LocationMatcher matcher = new LocationMatcher(load("location @x { return 200 named; }").servers().get(0)
        .locations());
    assertThat(matcher.match("@x")).isEmpty();
    assertThat(matcher.named("@x").map(NestedLocationTest::body)).contains("named");
    assertThat(matcher.named("@y")).isEmpty();
  }

  @Test
  void aNestedLocationInheritsTheEnclosingLocationsSettings() {
    ServerConfig server = load("""
        location /a/ { proxy_read_timeout 7s; return 200 a;
          location /a/b/ { return 200 b; }
          location /a/c/ { proxy_read_timeout 9s; return 200 c; }
        }""").servers().get(0);
    LocationMatcher matcher = new LocationMatcher(server.locations());
    assertThat(matcher.match("/a/b/").orElseThrow().settings().readTimeout()).hasSeconds(7);
    assertThat(matcher.match("/a/c/").orElseThrow().settings().readTimeout()).hasSeconds(9);
    assertThat(server.allLocations()).hasSize(3);
  }

  @Test
  void aLocationWithOnlyNestedLocationsServesFilesForTheRest() {
    LocationMatcher matcher = new LocationMatcher(load("location /a/ { location /a/b { return 200 b; } }")
        .servers().get(0).locations());
    assertThat(matcher.match("/a/x").orElseThrow().handler()).isInstanceOf(LocationHandler.Files.class);
  }

  @Test
  void impossibleNestingsAreRefusedWithNginxsMessages() {
    assertThatThrownBy(() -> load("location /a/ { return 200;\nlocation /b/ { return 200; } }"))
        .hasMessage("location \"/b/\" is outside location \"/a/\"" + at(4));
    assertThatThrownBy(() -> load("location = /a { return 200;\nlocation /a { return 200; } }"))
        .hasMessage("location \"/a\" cannot be inside the exact location \"/a\"" + at(4));
    assertThatThrownBy(() -> load("location @a { return 200;\nlocation /a { return 200; } }"))
        .hasMessage("location \"/a\" cannot be inside the named location \"@a\"" + at(4));
    assertThatThrownBy(() -> load("location / { return 200;\nlocation @a { return 200; } }"))
        .hasMessage("named location \"@a\" can be on the server level only" + at(4));
  }

  @Test
  void aDuplicateLocationIsRefusedButAnExactAndAPrefixMayShareAName() {
    assertThatThrownBy(() -> load("location /a { return 200; }\nlocation ^~ /a { return 200; }"))
        .hasMessage("duplicate location \"/a\"" + at(4));
    assertThat(load("location /a { return 200; }\nlocation = /a { return 200; }").servers().get(0).locations())
        .hasSize(2);
  }

  @Test
  void proxyPassWithAUriIsRefusedInANamedLocation() {
    assertThatThrownBy(() -> load("location @a { proxy_pass http://127.0.0.1:1/x; }"))
        .hasMessageStartingWith("\"proxy_pass\" cannot have URI part in location given by regular expression, "
            + "or inside named location");
  }
}
