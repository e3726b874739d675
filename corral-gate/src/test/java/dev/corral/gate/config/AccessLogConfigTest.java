package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code access_log PATH [FORMAT [buffer=SIZE] [flush=TIME]]} with nginx's rules and messages. */
class AccessLogConfigTest {
  @TempDir Path prefix;

  private GateConfig load(String accessLog) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), "http {\n" + accessLog + "\n"
          + "server { listen 8080; location / { return 200; } }\n}\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  private String at(int line) {
    return " in " + prefix.resolve("gate.conf") + ":" + line;
  }

  @Test
  void bufferAndFlushAreParsed() {
    AccessLog log = load("access_log logs/a.log combined buffer=32k flush=5s;").accessLogs()
        .get(prefix.resolve("logs/a.log"));
    assertThat(log.bufferSize()).isEqualTo(32 * 1024);
    assertThat(log.flush()).contains(Duration.ofSeconds(5));
  }

  @Test
  void bufferWithoutFlushWaitsForAFullBuffer() {
    AccessLog log = load("access_log logs/a.log combined buffer=4k;").accessLogs().get(prefix.resolve("logs/a.log"));
    assertThat(log.bufferSize()).isEqualTo(4096);
    assertThat(log.flush()).isEmpty();
  }

  @Test
  void withoutBufferEachLineIsWrittenAtOnce() {
    AccessLog log = load("access_log logs/a.log;").accessLogs().get(prefix.resolve("logs/a.log"));
    assertThat(log.bufferSize()).isEqualTo(AccessLog.UNBUFFERED);
    assertThat(log.flush()).isEmpty();
  }

  @Test
  void flushWithoutBufferIsAnError() {
    assertThatThrownBy(() -> load("access_log logs/a.log combined flush=5s;"))
        .hasMessage("no buffer is defined for access_log \"logs/a.log\"" + at(2));
  }

  @Test
  void bufferInPlaceOfTheFormatIsAnUnknownFormatAsInNginx() {
    assertThatThrownBy(() -> load("access_log logs/a.log buffer=32k;"))
        .hasMessage("unknown log format \"buffer=32k\"" + at(2));
  }

  @Test
  void gzipIsNotSupported() {
    assertThatThrownBy(() -> load("access_log logs/a.log combined gzip=5 buffer=32k;"))
        .hasMessage("\"access_log ... gzip=5\" is not supported by corral gate" + at(2));
  }

  @Test
  void unknownParameterIsNamed() {
    assertThatThrownBy(() -> load("access_log logs/a.log combined bufer=32k;"))
        .hasMessageStartingWith("invalid parameter \"bufer=32k\" in \"access_log\" directive").hasMessageEndingWith(at(2));
  }

  @Test
  void badBufferSizeIsNamed() {
    assertThatThrownBy(() -> load("access_log logs/a.log combined buffer=lots;"))
        .hasMessageStartingWith("invalid value \"lots\" in \"access_log\" directive");
  }

  @Test
  void oneFileWithTwoBufferingsIsAnError() throws IOException {
    Files.writeString(prefix.resolve("gate.conf"), """
        http {
          access_log logs/a.log combined buffer=8k;
          server { listen 8080;
            location / { return 200; }
            location /x { access_log logs/a.log combined buffer=16k; return 200; }
          }
        }
        """);
    assertThatThrownBy(() -> new GateConfigLoader(prefix).load(Path.of("gate.conf"), ""))
        .hasMessageContaining("access_log \"" + prefix.resolve("logs/a.log") + "\" already defined with conflicting")
        .hasMessageEndingWith(at(5));
  }
}
