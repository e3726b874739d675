package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code match} blocks and {@code health_check match=}: where they may stand, and every mistake's one-line error. */
class MatchConfigTest {
  @TempDir Path prefix;

  private GateConfig load(String text) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  /** A config whose match block (line 3) holds {@code test}; the upstream's health check names it. */
  private GateConfig withTest(String test) {
    return load("http {\n  match m {\n    " + test + "\n  }\n  upstream app {\n    server 127.0.0.1:9000;\n"
        + "    health_check match=m;\n  }\n}\n");
  }

  @Test
  void matchMayBeDefinedAfterTheUpstreamThatNamesIt() {
    GateConfig config = load("""
        http {
          upstream app { server 127.0.0.1:9000; health_check interval=1s match=later; }
          match later { status 200; }
        }
        """);
    assertThat(config.upstreams().get("app").healthCheck().orElseThrow().match().orElseThrow().name())
        .isEqualTo("later");
  }

  @Test
  void matchMayBeDefinedBeforeAndUnusedBlocksAreFine() {
    GateConfig config = load("""
        http {
          match first { status 200; }
          match unused { body ~ x; }
          upstream app { server 127.0.0.1:9000; health_check match=first; }
          upstream plain { server 127.0.0.1:9001; health_check; }
        }
        """);
    assertThat(config.upstreams().get("app").healthCheck().orElseThrow().match()).isPresent();
    assertThat(config.upstreams().get("plain").healthCheck().orElseThrow().match()).isEmpty();
  }

  @Test
  void unknownMatchNameIsAnErrorAtTheHealthCheck() {
    assertThatThrownBy(() -> load("http {\n  match ok { status 200; }\n  upstream app {\n    server 127.0.0.1:9000;"
        + "\n    health_check match=missing;\n  }\n}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("match \"missing\" not found")
        .hasMessageEndingWith("gate.conf:5");
    assertThatThrownBy(() -> load("http { upstream app { server 127.0.0.1:9000; health_check match=; } }"))
        .hasMessageStartingWith("invalid parameter \"match=\"");
  }

  @Test
  void aMatchNameDefinedTwiceIsAnError() {
    assertThatThrownBy(() -> load("http {\n  match m { status 200; }\n  match m { status 204; }\n}\n"))
        .hasMessageStartingWith("duplicate match \"m\"").hasMessageEndingWith("gate.conf:3");
  }

  @Test
  void matchBelongsToHttpAndNeedsANameAndABlock() {
    assertThatThrownBy(() -> load("http {\n  server {\n    match m { status 200; }\n  }\n}\n"))
        .hasMessageStartingWith("\"match\" directive is not allowed here").hasMessageEndingWith("gate.conf:3");
    assertThatThrownBy(() -> load("http {\n  match { status 200; }\n}\n"))
        .hasMessageStartingWith("invalid number of arguments in \"match\" directive");
    assertThatThrownBy(() -> load("http {\n  match m;\n}\n"))
        .hasMessageStartingWith("directive \"match\" has no opening \"{\"");
    assertThatThrownBy(() -> load("http {\n  status 200;\n}\n"))
        .hasMessageStartingWith("\"status\" directive is not allowed here");
  }

  @Test
  void requireIsRefusedByName() {
    assertThatThrownBy(() -> withTest("require $good_status;"))
        .hasMessageStartingWith("\"require\" directive is not supported by corral gate")
        .hasMessageEndingWith("gate.conf:3");
  }

  @Test
  void otherDirectivesInsideMatchAreRefused() {
    assertThatThrownBy(() -> withTest("send \"GET /\";")).hasMessageStartingWith("unknown directive \"send\"")
        .hasMessageEndingWith("gate.conf:3");
    assertThatThrownBy(() -> withTest("proxy_pass http://x;"))
        .hasMessageStartingWith("\"proxy_pass\" directive is not allowed here");
  }

  @Test
  void badStatusValuesNameTheValueAndWhatWasExpected() {
    assertThatThrownBy(() -> withTest("status 399-200;"))
        .hasMessageStartingWith("invalid value \"399-200\" in \"status\" directive (expected: a range LOW-HIGH")
        .hasMessageEndingWith("gate.conf:3");
    for (String bad : new String[] {"20x", "2000", "600", "099", "200-", "-300", "200-400-500", "2oo-300"}) {
      assertThatThrownBy(() -> withTest("status " + bad + ";")).as(bad)
          .hasMessageStartingWith("invalid value \"" + bad + "\" in \"status\" directive (expected:")
          .hasMessageEndingWith("gate.conf:3");
    }
    assertThatThrownBy(() -> withTest("status !;"))
        .hasMessageStartingWith("invalid number of arguments in \"status\" directive");
    assertThatThrownBy(() -> withTest("status;"))
        .hasMessageStartingWith("invalid number of arguments in \"status\" directive");
  }

  @Test
  void badHeaderTestsNameTheValueAndWhatWasExpected() {
    assertThatThrownBy(() -> withTest("header Content-Type == text/html;"))
        .hasMessageStartingWith("invalid value \"==\" in \"header\" directive (expected: an operator =, !=, ~ or !~)")
        .hasMessageEndingWith("gate.conf:3");
    assertThatThrownBy(() -> withTest("header Content-Type text/html;"))
        .hasMessageContaining("invalid value \"Content-Type text/html\" in \"header\" directive");
    assertThatThrownBy(() -> withTest("header !X-Accel-Redirect;"))
        .hasMessageContaining("invalid value \"!X-Accel-Redirect\"").hasMessageContaining("\"!\" as its own word");
    assertThatThrownBy(() -> withTest("header \"Bad Name\";"))
        .hasMessageContaining("invalid value \"Bad Name\" in \"header\" directive (expected: a header field name");
    assertThatThrownBy(() -> withTest("header A = b c;"))
        .hasMessageStartingWith("invalid number of arguments in \"header\" directive");
  }

  @Test
  void caselessRegexOperatorIsRefusedWithTheInlineFlagAsTheWayOut() {
    // nginx's http match documents ~ and !~ only (~* exists in the stream module's expect).
    assertThatThrownBy(() -> withTest("header Connection ~* close;"))
        .hasMessageContaining("invalid value \"~*\" in \"header\" directive").hasMessageContaining("(?i)");
    assertThatThrownBy(() -> withTest("body ~* welcome;"))
        .hasMessageContaining("invalid value \"~*\" in \"body\" directive").hasMessageContaining("(?i)");
  }

  @Test
  void badBodyTestsNameTheValueAndWhatWasExpected() {
    assertThatThrownBy(() -> withTest("body = ok;"))
        .hasMessageStartingWith("invalid value \"=\" in \"body\" directive (expected: an operator ~ or !~")
        .hasMessageEndingWith("gate.conf:3");
    assertThatThrownBy(() -> withTest("body ~;"))
        .hasMessageStartingWith("invalid number of arguments in \"body\" directive");
  }

  @Test
  void badRegexIsOneLineNamingTheRegex() {
    assertThatThrownBy(() -> withTest("body ~ \"Welcome (to\";"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid regex \"Welcome (to\" in \"body\" directive: ")
        .hasMessageEndingWith("gate.conf:3")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> withTest("header Server !~ \"[nginx\";"))
        .hasMessageStartingWith("invalid regex \"[nginx\" in \"header\" directive: ")
        .hasMessageEndingWith("gate.conf:3");
  }
}
