package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limit_req*} and {@code limit_conn*}: what a level runs with, and nginx's -t messages with file:line. */
class LimitConfigTest {
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

  /** An http block with zones {@code one} (limit_req) and {@code addr} (limit_conn) on its first two lines. */
  private String http(String rest) {
    return "http {\n limit_req_zone $binary_remote_addr zone=one:1m rate=30r/m;\n"
        + " limit_conn_zone $binary_remote_addr zone=addr:1m;\n" + rest + "\n}\n";
  }

  private static String location(String directives) {
    return " server { listen 8080;\n location / { " + directives + " return 200; } }";
  }

  @Test
  void zonesAndLimitsAreModelledWithNginxArithmetic() {
    GateConfig config = load(http("limit_req_status 429;\n" + location(
        "limit_req zone=one burst=5 delay=2; limit_conn addr 3; limit_conn_dry_run on;")));
    LimitSettings limits = config.servers().get(0).locations().get(0).settings().limits();
    LimitSettings.Request request = limits.requests().get(0);
    assertThat(request.zone().name()).isEqualTo("one");
    assertThat(request.zone().rateMilliRequests()).as("30r/m = 30 * 1000 / 60").isEqualTo(500);
    assertThat(request.zone().size()).isEqualTo(1 << 20);
    assertThat(request.zone().backend()).isEmpty();
    assertThat(request.zone().key().toString()).isEqualTo("$binary_remote_addr");
    assertThat(request.burst()).isEqualTo(5);
    assertThat(request.delay()).isEqualTo(2);
    assertThat(request.nodelay()).isFalse();
    assertThat(limits.requestStatus()).isEqualTo(429);
    assertThat(limits.connections().get(0).limit()).isEqualTo(3);
    assertThat(limits.connections().get(0).zone().size()).isEqualTo(1 << 20);
    assertThat(limits.connectionDryRun()).isTrue();
    assertThat(limits.connectionStatus()).isEqualTo(503);
    assertThat(limits.requestLogLevel()).isEqualTo("error");
  }

  @Test
  void aLevelWithItsOwnLimitsDropsTheParentsButInheritsTheOtherSettings() {
    GateConfig config = load("http {\n limit_req_zone $uri zone=a:1m rate=1r/s;\n"
        + " limit_req_zone $uri zone=b:1m rate=1r/s;\n limit_req zone=a; limit_req_log_level notice;\n"
        + " server { listen 8080;\n location /own { limit_req zone=b; return 200; }\n"
        + " location / { return 200; } }\n}\n");
    ServerConfig server = config.servers().get(0);
    LimitSettings own = server.locations().get(0).settings().limits();
    LimitSettings inherited = server.locations().get(1).settings().limits();
    assertThat(own.requests()).extracting(r -> r.zone().name()).containsExactly("b");
    assertThat(inherited.requests()).extracting(r -> r.zone().name()).containsExactly("a");
    assertThat(own.requestLogLevel()).isEqualTo("notice");
  }

  @Test
  void aZoneMayBeDefinedAfterTheLimitThatNamesIt() {
    GateConfig config = load("http {\n" + location("limit_req zone=late;")
        + "\n limit_req_zone $remote_addr zone=late:64k rate=1r/s;\n}\n");
    assertThat(config.servers().get(0).locations().get(0).settings().limits().requests()).hasSize(1);
  }

  @Test
  void zoneDefinitionsGetNginxsMessages() {
    assertThatThrownBy(() -> load("http {\n limit_req_zone $remote_addr zone=x rate=1r/s;\n}\n"))
        .hasMessage("invalid zone size \"zone=x\"" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $remote_addr zone=x:lots rate=1r/s;\n}\n"))
        .hasMessage("invalid zone size \"zone=x:lots\"" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $remote_addr zone=x:8k rate=1r/s;\n}\n"))
        .hasMessage("zone \"zone=x:8k\" is too small" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $remote_addr zone=x:1m rate=fast;\n}\n"))
        .hasMessage("invalid rate \"rate=fast\"" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $remote_addr rate=1r/s size=1m;\n}\n"))
        .hasMessage("invalid parameter \"size=1m\"" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $remote_addr rate=1r/s rate=2r/s;\n}\n"))
        .hasMessage("\"limit_req_zone\" must have \"zone\" parameter" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $nope zone=x:1m rate=1r/s;\n}\n"))
        .hasMessage("unknown \"nope\" variable" + at(2));
    assertThatThrownBy(() -> load(http("limit_req_zone $uri zone=one:1m rate=1r/s;")))
        .hasMessage("limit_req_zone \"one\" is already bound to key \"$binary_remote_addr\"" + at(4));
    assertThatThrownBy(() -> load("http {\n limit_conn_zone $remote_addr zone=c:1k;\n}\n"))
        .hasMessage("zone \"zone=c:1k\" is too small" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_conn_zone $remote_addr;\n}\n"))
        .hasMessage("invalid number of arguments in \"limit_conn_zone\" directive" + at(2));
    assertThatThrownBy(() -> load("http {\n server { limit_req_zone $uri zone=s:1m rate=1r/s; }\n}\n"))
        .hasMessage("\"limit_req_zone\" directive is not allowed here" + at(2));
  }

  @Test
  void aZoneInRedisIsModelledWithItsPolicyAndTimeout() {
    GateConfig config = load("http {\n limit_req_zone $binary_remote_addr zone=r:1m rate=1r/s "
        + "backend=redis://127.0.0.1:6380/2 fail=local timeout=250ms;\n"
        + " limit_conn_zone $binary_remote_addr zone=c:1m backend=redis://[::1]:6379;\n"
        + location("limit_req zone=r; limit_conn c 2;") + "\n}\n");
    LimitSettings limits = config.servers().get(0).locations().get(0).settings().limits();
    ZoneBackend req = limits.requests().get(0).zone().backend().orElseThrow();
    assertThat(req).isEqualTo(new ZoneBackend("redis://127.0.0.1:6380/2", "127.0.0.1", 6380, 2,
        ZoneBackend.Fail.LOCAL, java.time.Duration.ofMillis(250), java.time.Duration.ofMinutes(1)));
    ZoneBackend conn = limits.connections().get(0).zone().backend().orElseThrow();
    assertThat(conn.host()).isEqualTo("::1");
    assertThat(conn.fail()).as("the default").isEqualTo(ZoneBackend.Fail.OPEN);
    assertThat(conn.timeout()).as("the default").isEqualTo(java.time.Duration.ofMillis(100));
    assertThat(load("http {\n limit_conn_zone $uri zone=c:1m backend=redis://h:1 lease=30s;\n}\n").toString())
        .isNotEmpty();
    assertThatThrownBy(() -> load("http {\n limit_req_zone $uri zone=x:1m rate=1r/s backend=redis://h:1 "
        + "lease=30s;\n}\n")).as("a request zone has no slots to lease")
        .hasMessage("invalid parameter \"lease=30s\"" + at(2));
  }

  @Test
  void aZoneBackendIsCheckedWithTheFileAndLine() {
    String expected = " (expected: backend=redis://HOST:PORT or redis://HOST:PORT/DB)";
    assertThatThrownBy(() -> load("http {\n limit_req_zone $uri zone=x:1m rate=1r/s backend=http://h:1;\n}\n"))
        .hasMessage("invalid value \"backend=http://h:1\" in \"limit_req_zone\" directive" + expected + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $uri zone=x:1m rate=1r/s backend=redis://h;\n}\n"))
        .hasMessage("invalid value \"backend=redis://h\" in \"limit_req_zone\" directive" + expected + at(2));
    assertThatThrownBy(() -> load("http {\n limit_conn_zone $uri zone=x:1m backend=redis://h:70000;\n}\n"))
        .hasMessage("invalid value \"backend=redis://h:70000\" in \"limit_conn_zone\" directive" + expected
            + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $uri zone=x:1m rate=1r/s backend=redis://h:1/99;\n}\n"))
        .hasMessage("invalid value \"backend=redis://h:1/99\" in \"limit_req_zone\" directive (expected: a "
            + "database number from 0 to 15 after the port)" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $uri zone=x:1m rate=1r/s fail=closed;\n}\n"))
        .hasMessage("\"fail=\" needs \"backend=\" in \"limit_req_zone\"" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $uri zone=x:1m rate=1r/s backend=redis://h:1 "
        + "fail=maybe;\n}\n")).hasMessage("invalid value \"fail=maybe\" in \"limit_req_zone\" directive "
        + "(expected: fail=open, fail=closed or fail=local)" + at(2));
    assertThatThrownBy(() -> load("http {\n limit_req_zone $uri zone=x:1m rate=1r/s backend=redis://h:1 "
        + "timeout=soon;\n}\n")).hasMessageStartingWith("invalid value \"soon\" in \"limit_req_zone\"");
  }

  @Test
  void limitsGetNginxsMessages() {
    assertThatThrownBy(() -> load(http(location("limit_req zone=two;"))))
        .hasMessage("zone \"two\" is unknown" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_req burst=5;"))))
        .hasMessage("\"limit_req\" must have \"zone\" parameter" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_req zone=one burst=0;"))))
        .hasMessage("invalid burst value \"burst=0\"" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_req zone=one delay=x;"))))
        .hasMessage("invalid delay value \"delay=x\"" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_req zone=one later;"))))
        .hasMessage("invalid parameter \"later\"" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_req zone=one; limit_req zone=one burst=2;"))))
        .hasMessage("\"limit_req\" directive is duplicate" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_req_status 302;"))))
        .hasMessage("value must be between 400 and 599" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_req_log_level crit;"))))
        .hasMessageStartingWith("invalid value \"crit\" in \"limit_req_log_level\" directive").hasMessageEndingWith(at(5));
    assertThatThrownBy(() -> load(http(location("limit_req_dry_run yes;"))))
        .hasMessage("invalid value \"yes\" in \"limit_req_dry_run\" directive, it must be \"on\" or \"off\"" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_conn addr 0;"))))
        .hasMessage("invalid number of connections \"0\"" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_conn addr 65536;"))))
        .hasMessage("connection limit must be less 65536" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_conn one 1;"))))
        .hasMessage("zone \"one\" is unknown" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_conn addr 1; limit_conn addr 2;"))))
        .hasMessage("\"limit_conn\" directive is duplicate" + at(5));
    assertThatThrownBy(() -> load(http(location("limit_conn_status 200;"))))
        .hasMessage("value must be between 400 and 599" + at(5));
  }
}
