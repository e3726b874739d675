package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.GateControl;
import dev.corral.gate.GateOptions;
import dev.corral.gate.config.AdminListen;
import dev.corral.gate.config.GateConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin_listen} as {@code corral gate -t} sees it, and empty upstreams with and without {@code zone}. */
class AdminConfigTest {
  @TempDir Path prefix;
  private final StringWriter err = new StringWriter();

  private int test(String config) throws Exception {
    Files.createDirectories(prefix.resolve("conf"));
    Files.writeString(prefix.resolve("conf/gate.conf"), config);
    return GateControl.test(new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "", Optional.empty()), false,
        new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  private String file() {
    return GateOptions.DEFAULT_CONFIG.toString();
  }

  @Test
  void aPublicAddressIsRefusedWithFileAndLine() throws Exception {
    assertThat(test("pid logs/g.pid;\nadmin_listen 0.0.0.0:9000;\n")).isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("[emerg] admin_listen 0.0.0.0:9000: the admin API listens on a Unix socket "
        + "or loopback only in " + prefix.resolve(file()) + ":2")
        .contains("test failed");
  }

  @Test
  void anotherMachinesAddressAndADnsNameAreRefusedToo() throws Exception {
    assertThat(test("admin_listen 10.1.2.3:9000;")).isEqualTo(GateControl.FAILED);
    assertThat(test("admin_listen example.com:9000;")).isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("admin_listen 10.1.2.3:9000: the admin API listens on a Unix socket")
        .contains("admin_listen example.com:9000: the admin API listens on a Unix socket");
  }

  @Test
  void aBarePortOrAnEmptySocketPathIsRefused() throws Exception {
    assertThat(test("admin_listen 9000;")).isEqualTo(GateControl.FAILED);
    assertThat(test("admin_listen unix:;")).isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("admin_listen 9000: expected unix:PATH or 127.0.0.1:PORT")
        .contains("admin_listen unix:: a socket path is expected");
  }

  @Test
  void socketsAndLoopbackAddressesAreAcceptedSeveralTimes() throws Exception {
    Files.createDirectories(prefix.resolve("conf"));
    Files.writeString(prefix.resolve("conf/gate.conf"),
        "admin_listen unix:run/admin.sock;\nadmin_listen 127.0.0.1:9000;\nadmin_listen [::1]:9001;\n"
            + "admin_listen localhost:9002;\n");
    var listens = new GateConfigLoader(prefix).load(GateOptions.DEFAULT_CONFIG, "").adminListens();
    assertThat(listens).extracting(AdminListen::toString).containsExactly(
        "unix:" + prefix.resolve("run/admin.sock"), "127.0.0.1:9000", "[::1]:9001", "localhost:9002");
  }

  @Test
  void aDuplicateOrAMisplacedOneIsRefused() throws Exception {
    assertThat(test("admin_listen unix:/tmp/a.sock;\nadmin_listen unix:/tmp/a.sock;")).isEqualTo(GateControl.FAILED);
    assertThat(test("http { admin_listen 127.0.0.1:9000; }")).isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("duplicate admin_listen unix:/tmp/a.sock in")
        .contains("\"admin_listen\" directive is not allowed here in");
  }

  @Test
  void anUpstreamWithZoneMayHaveNoServers() throws Exception {
    assertThat(test("http { upstream app { zone app 64k; least_request; } server { listen 127.0.0.1:8080; "
        + "location / { proxy_pass http://app; } } }")).isEqualTo(GateControl.OK);
  }

  @Test
  void anUpstreamWithoutZoneStillNeedsAServer() throws Exception {
    assertThat(test("http {\nupstream app { least_request; }\n}")).isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("no servers are inside upstream in " + prefix.resolve(file()) + ":2");
  }
}
