package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every call of the runtime API through GateAdminClient, over the Unix socket and over the loopback port. */
class AdminApiTest {
  @TempDir Path prefix;
  private Backend one;
  private Backend two;
  private AdminGate gate;

  @BeforeEach
  void start() throws Exception {
    one = new Backend("one");
    two = new Backend("two");
    gate = new AdminGate(prefix, """
        admin_listen unix:SOCK;
        admin_listen 127.0.0.1:APORT;
        http {
          access_log off;
          upstream app { zone app 64k; server %s; }
          upstream fixed { server %s; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } location /fixed { proxy_pass http://fixed; } }
        }
        """.formatted(one.address(), one.address()));
  }

  @AfterEach
  void stop() throws Exception {
    gate.close();
    one.close();
    two.close();
  }

  private GateAdminClient client(String transport) {
    return transport.equals("unix") ? gate.unixClient() : gate.loopbackClient();
  }

  private AdminTransport transport(String transport) {
    return transport.equals("unix") ? AdminTransport.unix(gate.socket, GateAdminClient.TIMEOUT)
        : AdminTransport.loopback(gate.adminPort, GateAdminClient.TIMEOUT);
  }

  private ServerView server(GateAdminClient client, String upstream, String address) {
    return client.upstream(upstream).servers().stream().filter(s -> s.address().equals(address)).findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void listsEveryUpstreamWithItsServersAndTheirState(String transport) {
    var upstreams = client(transport).upstreams();
    assertThat(upstreams).extracting(UpstreamView::name).containsExactly("app", "fixed");
    ServerView s = upstreams.get(0).servers().get(0);
    assertThat(s.address()).isEqualTo(one.address());
    assertThat(s.state()).isEqualTo("up");
    assertThat(s.weight()).isEqualTo(1);
    assertThat(s.active()).isZero();
    assertThat(s.draining()).isFalse();
    assertThat(s.down()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void anAddedServerTakesRequests(String transport) throws Exception {
    GateAdminClient client = client(transport);
    ServerView added = client.addServer("app", two.address(), 3);
    assertThat(added.address()).isEqualTo(two.address());
    assertThat(added.weight()).isEqualTo(3);
    assertThat(added.id()).isNotEqualTo(server(client, "app", one.address()).id());
    for (int i = 0; i < 8; i++) {
      assertThat(gate.get("/").statusCode()).isEqualTo(200);
    }
    assertThat(two.requests.get()).isEqualTo(6); // weight 3 of 4, smooth round robin
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void aRemovedServerTakesNoMoreRequestsAndRemovingItAgainIsFalse(String transport) throws Exception {
    GateAdminClient client = client(transport);
    client.addServer("app", two.address(), 1);
    assertThat(client.removeServer("app", one.address())).isTrue();
    assertThat(client.removeServer("app", one.address())).isFalse();
    int before = one.requests.get();
    for (int i = 0; i < 4; i++) {
      assertThat(gate.get("/").body()).isEqualTo("two");
    }
    assertThat(one.requests.get()).isEqualTo(before);
    assertThat(client.upstream("app").servers()).extracting(ServerView::address).containsExactly(two.address());
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void drainAndUndrainChangeTheStateAndTheTraffic(String transport) throws Exception {
    GateAdminClient client = client(transport);
    client.addServer("app", two.address(), 1);
    client.drain("app", one.address());
    assertThat(server(client, "app", one.address()).state()).isEqualTo("draining");
    assertThat(server(client, "app", one.address()).draining()).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(gate.get("/").body()).isEqualTo("two");
    }
    client.undrain("app", one.address());
    assertThat(server(client, "app", one.address()).state()).isEqualTo("up");
    gate.get("/");
    gate.get("/");
    assertThat(one.requests.get()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void downAndUpChangeTheStateAndTheTraffic(String transport) throws Exception {
    GateAdminClient client = client(transport);
    client.addServer("app", two.address(), 1);
    client.setDown("app", two.address(), true);
    assertThat(server(client, "app", two.address()).state()).isEqualTo("down");
    assertThat(server(client, "app", two.address()).down()).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(gate.get("/").body()).isEqualTo("one");
    }
    client.setDown("app", two.address(), false);
    assertThat(server(client, "app", two.address()).state()).isEqualTo("up");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void setWeightChangesTheShare(String transport) throws Exception {
    GateAdminClient client = client(transport);
    client.addServer("app", two.address(), 1);
    client.setWeight("app", one.address(), 3);
    assertThat(server(client, "app", one.address()).weight()).isEqualTo(3);
    int before = one.requests.get();
    for (int i = 0; i < 8; i++) {
      gate.get("/");
    }
    assertThat(one.requests.get() - before).isEqualTo(6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void unknownUpstreamOrServerIsAnErrorNamingIt(String transport) {
    GateAdminClient client = client(transport);
    assertThatThrownBy(() -> client.upstream("nope")).isInstanceOf(GateAdminException.class)
        .hasMessageContaining("upstream \"nope\" not found")
        .satisfies(e -> assertThat(((GateAdminException) e).status()).isEqualTo(404));
    assertThatThrownBy(() -> client.drain("app", "127.0.0.1:1")).isInstanceOf(GateAdminException.class)
        .hasMessageContaining("server 127.0.0.1:1 not found in upstream \"app\"");
    assertThatThrownBy(() -> client.addServer("nope", two.address(), 1)).hasMessageContaining("\"nope\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void badInputIsRefusedWithTheFieldNamed(String transport) {
    GateAdminClient client = client(transport);
    assertThatThrownBy(() -> client.addServer("app", "no-port", 1)).hasMessageContaining("server: \"no-port\"")
        .hasMessageContaining("expected: host:port");
    assertThatThrownBy(() -> client.addServer("app", two.address(), 0)).hasMessageContaining("weight: 0");
    assertThatThrownBy(() -> client.setWeight("app", one.address(), -2)).hasMessageContaining("weight: -2");
    assertThatThrownBy(() -> client.addServer("app", one.address(), 1)).hasMessageContaining("already in upstream")
        .satisfies(e -> assertThat(((GateAdminException) e).status()).isEqualTo(409));
    Function<String, String> patch = body -> new String(transport(transport).exchange("PATCH",
        "/api/9/http/upstreams/app/servers/0", body.getBytes(StandardCharsets.UTF_8)).body(), StandardCharsets.UTF_8);
    assertThat(patch.apply("{\"colour\":1}")).contains("unknown field \\\"colour\\\"").contains("\"status\":400");
    assertThat(patch.apply("{\"down\":\"yes\"}")).contains("down: \\\"yes\\\" (expected: true or false)");
    assertThat(patch.apply("{\"max_fails\":2}")).contains("cannot be changed at run time");
    assertThat(patch.apply("{oops")).contains("not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void theLastServerOfAnUpstreamWithoutZoneStays(String transport) throws Exception {
    GateAdminClient client = client(transport);
    assertThatThrownBy(() -> client.removeServer("fixed", one.address()))
        .hasMessageContaining("last server of upstream \"fixed\"").hasMessageContaining("zone");
    assertThat(gate.get("/fixed").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "loopback"})
  void unknownPathsAndMethodsAreJsonErrors(String transport) {
    AdminTransport t = transport(transport);
    AdminTransport.Reply reply = t.exchange("GET", "/api/9/stream", new byte[0]);
    assertThat(reply.status()).isEqualTo(404);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("\"code\":\"PathNotFound\"");
    reply = t.exchange("PUT", "/api/9/http/upstreams/app", new byte[0]);
    assertThat(reply.status()).isEqualTo(405);
    reply = t.exchange("GET", "/api/9/http/upstreams/app/servers/0", new byte[0]);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("\"fail_timeout\":\"10s\"")
        .contains("\"max_fails\":1");
  }
}
