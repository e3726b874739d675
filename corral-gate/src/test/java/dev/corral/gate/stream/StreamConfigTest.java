package dev.corral.gate.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.config.ConfigException;
import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.GateConfigLoader;
import dev.corral.gate.config.StreamServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream block's compilation: inheritance, defaults and nginx's messages for mistakes. */
class StreamConfigTest {
  @TempDir Path prefix;

  private GateConfig load(String text) throws Exception {
    Files.writeString(prefix.resolve("gate.conf"), text);
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  private void refused(String stream, String message, int line) {
    assertThatThrownBy(() -> load("stream {\n" + stream + "\n}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining(message).hasMessageContaining("gate.conf:" + line);
  }

  @Test
  void serverSettingsInheritFromTheStreamBlockWithNginxDefaults() throws Exception {
    GateConfig config = load("stream {\n proxy_connect_timeout 2s;\n"
        + " server { listen 9000; proxy_pass 127.0.0.1:9001; proxy_timeout 5s; }\n}\n");
    StreamServer server = config.stream().servers().getFirst();
    assertThat(server.settings().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(server.settings().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(server.settings().nextUpstream()).isTrue();
    assertThat(server.settings().bufferSize()).isEqualTo(16 * 1024);
    assertThat(server.listens().getFirst().host()).isEqualTo("*");
    assertThat(config.stream().upstreams()).containsKey("127.0.0.1:9001");
  }

  @Test
  void workerShutdownTimeoutIsReadInTheMainContext() throws Exception {
    GateConfig config = load("worker_shutdown_timeout 15s;\nstream { }\n");
    assertThat(config.main().workerShutdownTimeout()).contains(Duration.ofSeconds(15));
  }

  @Test
  void aServerWithoutProxyPassHasNoHandler() {
    refused("server {\n listen 9000;\n}", "no handler for server in", 2);
  }

  @Test
  void aServerWithoutListenIsRefused() {
    refused("server {\n proxy_pass 127.0.0.1:1;\n}", "no \"listen\" is defined for server", 2);
  }

  @Test
  void proxyPassToAHostWithoutPortIsRefused() {
    refused("server {\n listen 9000;\n proxy_pass backend;\n}", "no port in upstream \"backend\"", 4);
  }

  @Test
  void anUnknownZoneIsRefused() {
    refused("server {\n listen 9000;\n proxy_pass 127.0.0.1:1;\n limit_conn nowhere 1;\n}",
        "zone \"nowhere\" is unknown", 5);
  }

  @Test
  void anUpstreamServerWithoutPortIsRefused() {
    refused("upstream u {\n server 127.0.0.1;\n}\nserver { listen 9000; proxy_pass u; }",
        "no port in upstream \"127.0.0.1\"", 3);
  }

  @Test
  void httpDirectivesAreNotAllowedInStream() {
    refused("server {\n listen 9000;\n proxy_pass 127.0.0.1:1;\n location / { }\n}",
        "\"location\" directive is not allowed here", 5);
  }

  @Test
  void twoServersOnOneAddressAreRefused() {
    refused("server { listen 127.0.0.1:9000; proxy_pass 127.0.0.1:1; }\n"
        + "server { listen 127.0.0.1:9000; proxy_pass 127.0.0.1:2; }",
        "duplicate \"127.0.0.1:9000\" address and port pair", 3);
  }

  @Test
  void anInvalidTimeNamesTheDirective() {
    refused("proxy_timeout soon;", "invalid value \"soon\" in \"proxy_timeout\" directive", 2);
  }

  @Test
  void streamVariablesAreUnknownInHttp() {
    assertThatThrownBy(() -> load("http {\n log_format x \"$session_time\";\n}\n"))
        .hasMessageContaining("unknown \"session_time\" variable");
  }
}
