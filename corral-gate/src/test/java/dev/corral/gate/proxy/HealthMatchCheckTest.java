package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.corral.gate.balance.PeerStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code health_check match=NAME} through a running gate, against real backends on 127.0.0.1. */
class HealthMatchCheckTest {
  @TempDir Path prefix;

  /**
   * A backend whose answer to {@code /health} can be changed while it runs (status, extra header fields, body);
   * every other path answers 200 with its name.
   */
  static final class SwitchableBackend implements AutoCloseable {
    final String name;
    final AtomicInteger healthRequests = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile int status = 200;
    private volatile Map<String, String> fields = Map.of();
    private volatile byte[] body = new byte[0];

    SwitchableBackend(String name) throws IOException {
      this.name = name;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
    }

    String address() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int status, Map<String, String> fields, String body) {
      this.fields = fields;
      this.body = body.getBytes(StandardCharsets.UTF_8);
      this.status = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        byte[] out = name.getBytes(StandardCharsets.UTF_8);
        int code = 200;
        if (exchange.getRequestURI().getPath().equals("/health")) {
          healthRequests.incrementAndGet();
          fields.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          out = body;
          code = status;
        }
        exchange.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        } catch (IOException closedEarly) {
          // the health check stops reading after 256k and closes: expected for the long bodies below
        }
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private static boolean healthy(GateHarness gate, SwitchableBackend backend) {
    return gate.engine.upstream("app").orElseThrow().status().stream()
        .filter(s -> s.address().equals(backend.address())).allMatch(PeerStatus::healthy);
  }

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void serverAnswering200WithTheWrongBodyIsTakenOutAndBroughtBackWhenItAnswersRight() throws Exception {
    try (SwitchableBackend good = new SwitchableBackend("good"); SwitchableBackend app = new SwitchableBackend("app")) {
      good.answer(200, Map.of(), "status: ready");
      app.answer(200, Map.of(), "status: starting");
      try (GateHarness gate = new GateHarness(prefix, """
          http { access_log off;
            match ready { status 200; body ~ "status: ready"; }
            upstream app { server %s; server %s; health_check interval=100ms match=ready uri=/health; }
            server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; proxy_next_upstream off; } }
          }
          """.formatted(good.address(), app.address()))) {
        await().atMost(WAIT).until(() -> !healthy(gate, app));
        for (int i = 0; i < 4; i++) {
          assertThat(gate.get("/x").body()).isEqualTo("good");
        }
        assertThat(gate.errors.toString()).contains("health check failed, upstream server " + app.address());

        app.answer(200, Map.of(), "status: ready");
        await().atMost(WAIT).until(() -> healthy(gate, app));
        assertThat(gate.errors.toString()).contains("health check passed, upstream server " + app.address());
        await().atMost(WAIT).until(() -> gate.get("/x").body().equals("app"));
        assertThat(healthy(gate, good)).isTrue();
      }
    }
  }

  @Test
  void headerTestsAndStatusNegationTakeAServerOutAndBringItBack() throws Exception {
    try (SwitchableBackend good = new SwitchableBackend("good"); SwitchableBackend app = new SwitchableBackend("app")) {
      Map<String, String> json = Map.of("Content-Type", "application/json");
      good.answer(204, json, "");
      app.answer(200, Map.of("Content-Type", "application/json", "X-Maintenance", "on"), "{}");
      try (GateHarness gate = new GateHarness(prefix, """
          http { access_log off;
            upstream app { server %s; server %s; health_check interval=100ms uri=/health match=api; }
            server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; proxy_next_upstream off; } }
            match api { status ! 300-599; header content-type = application/json; header ! x-maintenance; }
          }
          """.formatted(good.address(), app.address()))) {
        await().atMost(WAIT).until(() -> !healthy(gate, app));
        assertThat(gate.get("/x").body()).isEqualTo("good");

        app.answer(200, Map.of("Content-Type", "text/html"), "<html>");
        int seen = app.healthRequests.get();
        await().atMost(WAIT).until(() -> app.healthRequests.get() >= seen + 3);
        assertThat(healthy(gate, app)).as("wrong Content-Type keeps it out").isFalse();

        app.answer(500, json, "{}");
        int seen500 = app.healthRequests.get();
        await().atMost(WAIT).until(() -> app.healthRequests.get() >= seen500 + 3);
        assertThat(healthy(gate, app)).as("a 5xx is excluded by status ! 300-599").isFalse();

        app.answer(200, json, "{}");
        await().atMost(WAIT).until(() -> healthy(gate, app));
        assertThat(healthy(gate, good)).as("204 passes status ! 300-599").isTrue();
      }
    }
  }

  @Test
  void matchWithoutStatusTestAcceptsA503ThatTheDefaultRuleWouldFail() throws Exception {
    try (SwitchableBackend a = new SwitchableBackend("a"); SwitchableBackend b = new SwitchableBackend("b")) {
      a.answer(503, Map.of(), "degraded but alive");
      b.answer(503, Map.of(), "degraded but alive");
      try (GateHarness gate = new GateHarness(prefix, """
          http { access_log off;
            match alive { body ~ alive; }
            upstream app { server %s; health_check interval=100ms uri=/health match=alive; }
            upstream plain { server %s; health_check interval=100ms uri=/health; }
            server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } location /p { proxy_pass http://plain; } }
          }
          """.formatted(a.address(), b.address()))) {
        await().atMost(WAIT).until(() -> a.healthRequests.get() >= 3 && b.healthRequests.get() >= 3);
        await().atMost(WAIT).until(() -> gate.engine.upstream("plain").orElseThrow().status().stream()
            .noneMatch(PeerStatus::healthy));
        assertThat(healthy(gate, a)).isTrue();
      }
    }
  }

  @Test
  void onlyTheFirst256kOfTheBodyAreExamined() throws Exception {
    String filler = ".".repeat(300 * 1024);
    try (SwitchableBackend early = new SwitchableBackend("early");
        SwitchableBackend late = new SwitchableBackend("late")) {
      early.answer(200, Map.of(), "ready" + filler);
      late.answer(200, Map.of(), filler + "ready");
      try (GateHarness gate = new GateHarness(prefix, """
          http { access_log off;
            match ready { body ~ ready; }
            upstream app { server %s; server %s; health_check interval=100ms uri=/health match=ready; }
            server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
          }
          """.formatted(early.address(), late.address()))) {
        await().atMost(WAIT).until(() -> !healthy(gate, late));
        int seen = early.healthRequests.get();
        await().atMost(WAIT).until(() -> early.healthRequests.get() >= seen + 3);
        assertThat(healthy(gate, early)).isTrue();
      }
    }
  }

  @Test
  void reloadKeepsTheUpstreamAndItsVerdictWhenTheMatchBlockIsUnchangedAndAppliesAChangedOne() throws Exception {
    try (SwitchableBackend good = new SwitchableBackend("good"); SwitchableBackend app = new SwitchableBackend("app")) {
      good.answer(200, Map.of(), "ready");
      app.answer(200, Map.of(), "starting");
      String config = """
          http { access_log off;
            match m { body ~ "^ready$"; }
            upstream app { server %s; server %s; health_check interval=100ms uri=/health match=m; }
            server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
          }
          """.formatted(good.address(), app.address());
      try (GateHarness gate = new GateHarness(prefix, config)) {
        await().atMost(WAIT).until(() -> !healthy(gate, app));
        var before = gate.engine.upstream("app").orElseThrow();

        // the block moves two lines down: positions are not part of it
        gate.engine.reload(gate.load(config.replace("match m", "\n\n  match m")));
        assertThat(gate.engine.upstream("app").orElseThrow()).isSameAs(before);
        assertThat(healthy(gate, app)).isFalse();

        gate.engine.reload(gate.load(config.replace("^ready$", "^(ready|starting)$")));
        assertThat(gate.engine.upstream("app").orElseThrow()).isNotSameAs(before);
        int seen = app.healthRequests.get();
        await().atMost(WAIT).until(() -> app.healthRequests.get() >= seen + 3);
        assertThat(healthy(gate, app)).as("the changed block accepts 'starting'").isTrue();
      }
    }
  }
}
