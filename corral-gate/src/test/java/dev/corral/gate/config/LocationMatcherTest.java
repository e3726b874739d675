package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx's documented example: {@code location = /}, {@code /}, {@code /documents/}, {@code ^~ /images/}, {@code ~* \.(gif|jpg)$}. */
class LocationMatcherTest {
  @TempDir Path prefix;

  private LocationMatcher matcher() throws IOException {
    Files.writeString(prefix.resolve("gate.conf"), """
        http { server {
          location = / { return 200 A; }
          location / { return 200 B; }
          location /documents/ { return 200 C; }
          location ^~ /images/ { return 200 D; }
          location ~* \\.(gif|jpg|jpeg)$ { return 200 E; }
          location ~ ^/documents/x { return 200 F; }
        } }
        """);
    return new LocationMatcher(new GateConfigLoader(prefix).load(Path.of("gate.conf"), "").servers().get(0)
        .locations());
  }

  private static String body(LocationConfig location) {
    return ((LocationHandler.Return) location.handler()).text().orElseThrow().toString();
  }

  @Test
  void exactMatchWins() throws IOException {
    assertThat(body(matcher().match("/").orElseThrow())).isEqualTo("A");
  }

  @Test
  void longestPrefixWinsWhenNoRegexMatches() throws IOException {
    assertThat(body(matcher().match("/index.html").orElseThrow())).isEqualTo("B");
    assertThat(body(matcher().match("/documents/document.html").orElseThrow())).isEqualTo("C");
  }

  @Test
  void caretTildePrefixStopsRegexSearch() throws IOException {
    assertThat(body(matcher().match("/images/1.gif").orElseThrow())).isEqualTo("D");
  }

  @Test
  void regexBeatsPrefixAndFirstRegexInOrderWins() throws IOException {
    assertThat(body(matcher().match("/documents/1.jpg").orElseThrow())).isEqualTo("E");
    assertThat(body(matcher().match("/documents/x.JPG").orElseThrow())).isEqualTo("E");
    assertThat(body(matcher().match("/documents/x.html").orElseThrow())).isEqualTo("F");
  }

  @Test
  void noMatchIsEmpty() throws IOException {
    Files.writeString(prefix.resolve("gate.conf"), "http { server { location /a { return 200; } } }");
    LocationMatcher m = new LocationMatcher(new GateConfigLoader(prefix).load(Path.of("gate.conf"), "")
        .servers().get(0).locations());
    assertThat(m.match("/b")).isEmpty();
  }
}
