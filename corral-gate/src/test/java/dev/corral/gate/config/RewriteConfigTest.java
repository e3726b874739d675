package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rewrite module's, {@code map}'s and the variables' {@code -t} messages, each with file:line. */
class RewriteConfigTest {
  @TempDir Path prefix;

  private GateConfig load(String text) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  private String at(int line) {
    return " in " + prefix.resolve("gate.conf") + ":" + line;
  }

  /** A server whose location {@code /} holds {@code directives} on line 3. */
  private GateConfig location(String directives) {
    return load("http {\n server { listen 8080;\n location / { " + directives + " }\n }\n}\n");
  }

  @Test
  void anUnknownVariableIsNamedWithItsLine() {
    assertThatThrownBy(() -> location("return 200 $nosuch;"))
        .hasMessage("unknown \"nosuch\" variable" + at(3));
  }

  @Test
  void aSetVariableIsKnownEverywhereEvenAboveTheSet() {
    GateConfig config = load("http {\n server { listen 8080;\n location /a { return 200 $later; }\n"
        + " location /b { set $later 1; return 204; }\n }\n}\n");
    assertThat(config.servers().get(0).locations()).hasSize(2);
  }

  @Test
  void setRefusesBuiltInVariablesAndBadNames() {
    assertThatThrownBy(() -> location("set $uri /x; return 200;"))
        .hasMessage("the duplicate \"uri\" variable" + at(3));
    assertThatThrownBy(() -> location("set novar 1; return 200;"))
        .hasMessage("invalid variable name \"novar\"" + at(3));
  }

  @Test
  void rewriteChecksItsFlagAndRegex() {
    assertThatThrownBy(() -> location("rewrite ^ /x sometimes;"))
        .hasMessage("invalid parameter \"sometimes\"" + at(3));
    assertThatThrownBy(() -> location("rewrite ^(a /x;"))
        .hasMessageStartingWith("pcre2_compile() failed: ").hasMessageEndingWith(" in \"^(a\"" + at(3));
  }

  @Test
  void returnNeedsACodeOrAUrl() {
    assertThatThrownBy(() -> location("return soon;"))
        .hasMessage("invalid return code \"soon\"" + at(3));
  }

  @Test
  void ifConditionsAreCheckedAsNginxChecksThem() {
    assertThatThrownBy(() -> location("if $a { return 200; }"))
        .hasMessage("invalid condition \"$a\"" + at(3));
    assertThatThrownBy(() -> location("if ($arg_a <> b) { return 200; }"))
        .hasMessage("unexpected \"<>\" in condition" + at(3));
    assertThatThrownBy(() -> location("if (-q /tmp) { return 200; }"))
        .hasMessage("invalid condition \"(-q /tmp)\"" + at(3));
  }

  @Test
  void anIfTakesOnlyWhatNginxAllowsInIt() {
    assertThatThrownBy(() -> location("if ($arg_a) { proxy_connect_timeout 1s; } return 200;"))
        .hasMessage("\"proxy_connect_timeout\" directive is not allowed here" + at(3));
    assertThatThrownBy(() -> location("if ($arg_a) { if ($arg_b) { return 200; } } return 200;"))
        .hasMessage("\"if\" directive is not allowed here" + at(3));
    assertThatThrownBy(() -> location("if ($arg_a) { proxy_pass http://127.0.0.1:1/x; } return 200;"))
        .hasMessageStartingWith("\"proxy_pass\" cannot have URI part in location given by regular expression");
  }

  @Test
  void rewriteStatementsAreNotAllowedAtHttpLevel() {
    assertThatThrownBy(() -> load("http {\n set $a 1;\n}\n"))
        .hasMessage("\"set\" directive is not allowed here" + at(2));
  }

  @Test
  void mapChecksItsParameters() {
    assertThatThrownBy(() -> load("http {\n map $uri $m {\n a b c;\n }\n}\n"))
        .hasMessage("invalid number of the map parameters" + at(3));
    assertThatThrownBy(() -> load("http {\n map $uri $m {\n default a;\n default b;\n }\n}\n"))
        .hasMessage("duplicate default map parameter" + at(4));
    assertThatThrownBy(() -> load("http {\n map $uri $m { a 1; }\n map $args $m { b 2; }\n}\n"))
        .hasMessage("the duplicate \"m\" variable" + at(3));
    assertThatThrownBy(() -> load("http {\n server { listen 8080; map $uri $m { } }\n}\n"))
        .hasMessage("\"map\" directive is not allowed here" + at(2));
  }
}
