package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.GateControl;
import dev.corral.gate.GateOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx Plus's {@code state FILE;}: the runtime API's membership is written there and read back on start. */
class StateFileTest {
  private static final String CONFIG = """
      admin_listen unix:SOCK;
      http {
        access_log off;
        upstream app { zone app 64k; state state/app.conf; }
        server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } EXTRA }
      }
      """;

  @TempDir Path prefix;

  @Test
  void changesAreWrittenAndANewGateStartsWithThem() throws Exception {
    try (Backend one = new Backend("one"); Backend two = new Backend("two")) {
      try (AdminGate gate = new AdminGate(prefix, CONFIG.replace("EXTRA", ""))) {
        GateAdminClient client = gate.unixClient();
        client.addServer("app", one.address(), 2);
        client.addServer("app", two.address(), 1);
        client.setDown("app", two.address(), true);
        client.drain("app", one.address()); // not configuration: not written
        assertThat(Files.readString(prefix.resolve("state/app.conf")))
            .contains("server " + one.address() + " weight=2 max_fails=1 fail_timeout=10s;")
            .contains("server " + two.address() + " weight=1 max_fails=1 fail_timeout=10s down;");
        gate.write(CONFIG.replace("EXTRA", "location /x { return 200 x; }"));
        assertThat(gate.server.reload()).isTrue();
        assertThat(client.upstream("app").servers()).extracting(ServerView::state)
            .containsExactly("draining", "down");
        client.removeServer("app", two.address());
      }
      try (AdminGate again = new AdminGate(prefix, CONFIG.replace("EXTRA", ""))) {
        assertThat(again.unixClient().upstream("app").servers()).extracting(ServerView::address, ServerView::weight,
            ServerView::state).containsExactly(org.assertj.core.groups.Tuple.tuple(one.address(), 2, "up"));
        assertThat(again.get("/").body()).isEqualTo("one");
      }
    }
  }

  @Test
  void stateWithServersOrWithoutZoneIsRefused() throws Exception {
    Files.createDirectories(prefix.resolve("conf"));
    StringWriter err = new StringWriter();
    GateOptions options = new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "", Optional.empty());
    Files.writeString(prefix.resolve("conf/gate.conf"),
        "http { upstream a { zone a 64k; state a.conf; server 127.0.0.1:1; } }");
    assertThat(GateControl.test(options, false, new PrintWriter(new StringWriter()), new PrintWriter(err)))
        .isEqualTo(GateControl.FAILED);
    Files.writeString(prefix.resolve("conf/gate.conf"), "http { upstream a { state a.conf; } }");
    assertThat(GateControl.test(options, false, new PrintWriter(new StringWriter()), new PrintWriter(err)))
        .isEqualTo(GateControl.FAILED);
    Files.writeString(prefix.resolve("a.conf"), "server 127.0.0.1:1 wieght=2;\n");
    Files.writeString(prefix.resolve("conf/gate.conf"), "http { upstream a { zone a 64k; state a.conf; } }");
    assertThat(GateControl.test(options, false, new PrintWriter(new StringWriter()), new PrintWriter(err)))
        .isEqualTo(GateControl.FAILED);
    assertThat(err.toString()).contains("\"state\" directive is incompatible with \"server\"")
        .contains("\"state\" directive requires a \"zone\"")
        .contains("invalid parameter \"wieght=2\" in " + prefix.resolve("a.conf") + ":1");
  }
}
