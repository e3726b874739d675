package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add_header}: the lines a level runs with, and the -t messages. */
class AddHeaderConfigTest {
  @TempDir Path prefix;

  private GateConfig load(String text) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  @Test
  void linesAreKeptInOrderWithAlways() {
    GateConfig config = load("http { add_header A 1; server { listen 8080; add_header B \"$status\" always;\n"
        + " add_header C 3; location / { return 200; } } }");
    ServerConfig server = config.servers().get(0);
    assertThat(server.locations().get(0).settings().response().addHeaders())
        .extracting(AddHeader::name, h -> h.value().toString(), AddHeader::always)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("B", "$status", true),
            org.assertj.core.groups.Tuple.tuple("C", "3", false));
  }

  @Test
  void badLinesAreRefusedWithFileAndLine() {
    String at = " in " + prefix.resolve("gate.conf") + ":2";
    assertThatThrownBy(() -> load("http {\n add_header X 1 sometimes;\n}"))
        .hasMessage("invalid parameter \"sometimes\"" + at);
    assertThatThrownBy(() -> load("http {\n add_header X;\n}"))
        .hasMessage("invalid number of arguments in \"add_header\" directive" + at);
    assertThatThrownBy(() -> load("http {\n add_header X $nope;\n}"))
        .hasMessage("unknown \"nope\" variable" + at);
    assertThatThrownBy(() -> load("http {\n add_header \"X:Y\" 1;\n}"))
        .hasMessageStartingWith("invalid value \"X:Y\" in \"add_header\" directive");
  }
}
