package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateConfigLoaderTest {
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

  private static final String TYPICAL = """
      worker_processes auto;
      pid run/gate.pid;
      events { worker_connections 1024; }
      http {
          upstream backend {
              least_conn;
              server 127.0.0.1:8081 weight=3 max_fails=2 fail_timeout=5s max_conns=100;
              server 127.0.0.1:8082;
              server 127.0.0.1:8083 backup;
              server 127.0.0.1:8084 down;
              keepalive 64;
          }
          proxy_connect_timeout 2s;
          server {
              listen 127.0.0.1:8080 backlog=1024 reuseport;
              server_name example.com www.example.com;
              client_max_body_size 10m;
              location / {
                  proxy_pass http://backend;
                  proxy_set_header X-Real-IP $remote_addr;
                  proxy_next_upstream error timeout http_503;
                  proxy_next_upstream_tries 2;
                  proxy_read_timeout 30s;
              }
              location = /health { return 200 "ok"; }
          }
      }
      """;

  @Test
  void typicalLoadBalancerConfigIsModelled() {
    GateConfig config = load(TYPICAL);
    assertThat(config.main().workerProcesses()).isZero();
    assertThat(config.main().pidFile()).isEqualTo(prefix.resolve("run/gate.pid"));
    assertThat(config.main().workerConnections()).isEqualTo(1024);
    UpstreamConfig backend = config.upstreams().get("backend");
    assertThat(backend.method()).isEqualTo(new BalanceMethod.LeastConn());
    assertThat(backend.keepalive()).isEqualTo(64);
    assertThat(backend.servers()).containsExactly(
        new UpstreamServer("127.0.0.1", 8081, 3, 2, Duration.ofSeconds(5), 100, false, false),
        UpstreamServer.of("127.0.0.1", 8082),
        new UpstreamServer("127.0.0.1", 8083, 1, 1, Duration.ofSeconds(10), 0, true, false),
        new UpstreamServer("127.0.0.1", 8084, 1, 1, Duration.ofSeconds(10), 0, false, true));
    ServerConfig server = config.servers().get(0);
    assertThat(server.listens()).containsExactly(new Listen("127.0.0.1", 8080, false, true, 1024));
    assertThat(server.serverNames()).containsExactly("example.com", "www.example.com");
    LocationConfig root = server.locations().get(0);
    assertThat(root.handler()).isEqualTo(new LocationHandler.ProxyPass("backend", java.util.Optional.empty()));
    assertThat(root.settings().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(root.settings().readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(root.settings().clientMaxBodySize()).isEqualTo(10L * 1024 * 1024);
    assertThat(root.settings().nextUpstream()).containsExactlyInAnyOrder(NextUpstream.ERROR, NextUpstream.TIMEOUT,
        NextUpstream.HTTP_503);
    assertThat(root.settings().nextUpstreamTries()).isEqualTo(2);
    assertThat(server.locations().get(1).match()).isEqualTo(LocationMatch.EXACT);
  }

  @Test
  void proxySetHeaderIsInheritedOnlyWhenTheLevelDefinesNone() {
    GateConfig config = load("""
        http {
          proxy_set_header X-A a;
          server {
            listen 8080;
            location /inherit { proxy_pass http://127.0.0.1:9000; }
            location /own { proxy_pass http://127.0.0.1:9000; proxy_set_header X-B b; }
          }
        }
        """);
    var locations = config.servers().get(0).locations();
    // nginx's own Host and Connection lines stay wherever a level does not set those headers itself.
    assertThat(locations.get(0).settings().proxySetHeaders()).extracting(HeaderSetting::name)
        .containsExactly("Host", "Connection", "X-A");
    assertThat(locations.get(1).settings().proxySetHeaders()).extracting(HeaderSetting::name)
        .containsExactly("Host", "Connection", "X-B");
  }

  @Test
  void defaultsAreNginxs() {
    ProxySettings s = load("http { server { location / { proxy_pass http://127.0.0.1:9000; } } }")
        .servers().get(0).locations().get(0).settings();
    assertThat(s.nextUpstream()).containsExactlyInAnyOrder(NextUpstream.ERROR, NextUpstream.TIMEOUT);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.clientMaxBodySize()).isEqualTo(1024 * 1024);
    assertThat(s.proxySetHeaders()).extracting(HeaderSetting::name).containsExactly("Host", "Connection");
  }

  @Test
  void literalProxyPassAddressBecomesAnImplicitUpstream() {
    GateConfig config = load("http { server { location / { proxy_pass http://127.0.0.1:9000/api/; } } }");
    assertThat(config.upstreams().get("127.0.0.1:9000").servers()).containsExactly(
        UpstreamServer.of("127.0.0.1", 9000));
    assertThat(config.servers().get(0).locations().get(0).handler())
        .isEqualTo(new LocationHandler.ProxyPass("127.0.0.1:9000", java.util.Optional.of("/api/")));
  }

  @Test
  void unknownDirectiveNamesFileAndLine() {
    assertThatThrownBy(() -> load("http {\n  foo bar;\n}\n"))
        .isInstanceOf(ConfigException.class).hasMessage("unknown directive \"foo\"" + at(2));
  }

  @Test
  void nginxDirectiveNotImplementedIsAnErrorNotIgnored() {
    assertThatThrownBy(() -> load("http {\n  auth_basic closed;\n}\n"))
        .hasMessage("\"auth_basic\" directive is not supported by corral gate" + at(2));
    assertThatThrownBy(() -> load("http {\n  gzip_static on;\n}\n"))
        .hasMessage("\"gzip_static\" directive is not supported by corral gate" + at(2));
  }

  @Test
  void directiveInWrongContextIsRejected() {
    assertThatThrownBy(() -> load("http {\n  proxy_pass http://x;\n}\n"))
        .hasMessage("\"proxy_pass\" directive is not allowed here" + at(2));
  }

  @Test
  void undefinedUpstreamIsAnError() {
    assertThatThrownBy(() -> load("http {\n server {\n  location / {\n   proxy_pass http://nowhere;\n }\n }\n}\n"))
        .hasMessageStartingWith("host not found in upstream \"nowhere\"").hasMessageEndingWith(at(4));
  }

  @Test
  void upstreamMayBeDefinedAfterItsUse() {
    GateConfig config = load("http { server { location / { proxy_pass http://b; } } upstream b { server 1.2.3.4:80; } }");
    assertThat(config.upstreams()).containsKey("b");
  }

  @Test
  void wrongValueKindNamesValueAndExpectation() {
    assertThatThrownBy(() -> load("http {\n proxy_read_timeout soon;\n}\n"))
        .hasMessage("invalid value \"soon\" in \"proxy_read_timeout\" directive (expected: a time such as 10s, "
            + "500ms, 1m)" + at(2));
  }

  @Test
  void wrongArgumentCountIsReported() {
    assertThatThrownBy(() -> load("worker_processes 1 2;"))
        .hasMessage("invalid number of arguments in \"worker_processes\" directive" + at(1));
  }

  @Test
  void badServerParameterIsReported() {
    assertThatThrownBy(() -> load("http {\n upstream b {\n  server 1.2.3.4:80 heavy;\n }\n}\n"))
        .hasMessage("invalid parameter \"heavy\"" + at(3));
  }

  @Test
  void backupIsRejectedWithHashMethods() {
    assertThatThrownBy(() -> load("http { upstream b { ip_hash; server 1.2.3.4:80; server 1.2.3.5:80 backup; } }"))
        .hasMessageStartingWith("balancing method does not support parameter \"backup\"");
  }

  @Test
  void blockDirectiveWithoutBlockIsReported() {
    assertThatThrownBy(() -> load("http;")).hasMessage("directive \"http\" has no opening \"{\"" + at(1));
  }

  @Test
  void duplicateDirectiveIsReported() {
    assertThatThrownBy(() -> load("pid a.pid;\npid b.pid;"))
        .hasMessage("\"pid\" directive is duplicate" + at(2));
  }

  @Test
  void unknownVariableIsReported() {
    assertThatThrownBy(() -> load("http {\n proxy_set_header X $nonsense;\n}\n"))
        .hasMessage("unknown \"nonsense\" variable" + at(2));
  }

  @Test
  void locationWithoutHandlerServesFiles() {
    assertThat(load("http { server { location / { } } }").servers().get(0).locations().get(0).handler())
        .isInstanceOf(LocationHandler.Files.class);
  }

  @Test
  void globalDirectivesFromCommandLineAreAdded() throws IOException {
    Files.writeString(prefix.resolve("gate.conf"), "events { }\n");
    GateConfig config = new GateConfigLoader(prefix).load(Path.of("gate.conf"), "pid other.pid;");
    assertThat(config.main().pidFile()).isEqualTo(prefix.resolve("other.pid"));
  }

  @Test
  void dumpPrintsTheConfigBackInNginxSyntax() {
    String dump = load("http { server { location / { return 200 \"hi there\"; } } }").dump();
    assertThat(dump).contains("return 200 \"hi there\";").contains("location / {");
  }

  @Test
  void slowStartIsParsedAndRefusedWithHashMethods() {
    GateConfig config = load("http { upstream b { server 1.2.3.4:80 slow_start=30s; server 1.2.3.5:80; } }");
    assertThat(config.upstreams().get("b").servers().get(0).slowStart()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> load("http { upstream b { ip_hash; server 1.2.3.4:80 slow_start=30s; } }"))
        .hasMessageStartingWith("balancing method does not support parameter \"slow_start\"");
  }

  @Test
  void healthCheckIsParsedWithNginxPlusDefaults() {
    GateConfig config = load("http { upstream b { server 1.2.3.4:80; health_check interval=2s fall=3 uri=/up; } }");
    assertThat(config.upstreams().get("b").healthCheck()).contains(
        new UpstreamConfig.HealthCheck(Duration.ofSeconds(2), 3, 1, "/up", java.util.Optional.empty()));
    assertThatThrownBy(() -> load("http { upstream b { server 1.2.3.4:80; health_check every=2s; } }"))
        .hasMessageStartingWith("invalid parameter \"every=2s\"");
  }
}
