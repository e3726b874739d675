package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upstream with zone that starts empty and is filled through the API; membership and listeners over reloads. */
class DynamicUpstreamTest {
  private static final String CONFIG = """
      admin_listen unix:SOCK;
      admin_listen 127.0.0.1:APORT;
      http {
        access_log off;
        upstream app { zone app 64k; least_request; }
        server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } EXTRA }
      }
      """;

  @TempDir Path prefix;
  private Backend one;
  private AdminGate gate;

  @BeforeEach
  void start() throws Exception {
    one = new Backend("one");
    gate = new AdminGate(prefix, CONFIG.replace("EXTRA", ""));
  }

  @AfterEach
  void stop() throws Exception {
    gate.close();
    one.close();
  }

  @Test
  void anEmptyUpstreamAnswers502UntilAServerIsAddedAndAgainAfterTheLastIsRemoved() throws Exception {
    assertThat(gate.get("/").statusCode()).isEqualTo(502);
    assertThat(gate.errorLog()).contains("no live upstreams while connecting to upstream \"app\"");
    GateAdminClient client = gate.unixClient();
    client.addServer("app", one.address(), 1);
    assertThat(gate.get("/").body()).isEqualTo("one");
    assertThat(client.removeServer("app", one.address())).isTrue();
    assertThat(client.upstream("app").servers()).isEmpty();
    assertThat(gate.get("/").statusCode()).isEqualTo(502);
  }

  @Test
  void serversAddedThroughTheApiStayAcrossAReloadThatLeavesTheBlockAlone() throws Exception {
    GateAdminClient client = gate.unixClient();
    client.addServer("app", one.address(), 2);
    client.drain("app", one.address());
    gate.write(CONFIG.replace("EXTRA", "location /other { return 200 other; }"));
    assertThat(gate.server.reload()).isTrue();
    assertThat(gate.get("/other").body()).isEqualTo("other");
    ServerView kept = client.upstream("app").servers().get(0);
    assertThat(kept.address()).isEqualTo(one.address());
    assertThat(kept.weight()).isEqualTo(2);
    assertThat(kept.state()).isEqualTo("draining");
  }

  @Test
  void aReloadThatChangesTheBlockStartsFromTheConfiguration() throws Exception {
    GateAdminClient client = gate.unixClient();
    client.addServer("app", one.address(), 1);
    gate.write(CONFIG.replace("EXTRA", "").replace("least_request;", "least_conn;"));
    assertThat(gate.server.reload()).isTrue();
    assertThat(client.upstream("app").servers()).isEmpty();
  }

  @Test
  void aReloadKeepsTheSocketAndMovesALoopbackListener() throws Exception {
    int oldPort = gate.adminPort;
    int newPort = AdminGate.freePort();
    gate.write(CONFIG.replace("EXTRA", "").replace("APORT", Integer.toString(newPort)));
    assertThat(gate.server.reload()).isTrue();
    assertThat(gate.unixClient().upstreams()).hasSize(1);
    assertThat(GateAdminClient.loopback(newPort).upstreams()).hasSize(1);
    assertThatThrownBy(() -> GateAdminClient.loopback(oldPort).upstreams())
        .hasMessageContaining("refuses connections");
    assertThat(gate.server.adminAddresses()).containsExactly("unix:" + gate.socket, "127.0.0.1:" + newPort);
  }

  @Test
  void aReloadWithoutAdminListenClosesTheApi() throws Exception {
    gate.write(CONFIG.replace("EXTRA", "").replace("admin_listen unix:SOCK;\nadmin_listen 127.0.0.1:APORT;\n", ""));
    assertThat(gate.server.reload()).isTrue();
    assertThat(gate.socket).doesNotExist();
    assertThat(gate.server.adminAddresses()).isEmpty();
  }
}
