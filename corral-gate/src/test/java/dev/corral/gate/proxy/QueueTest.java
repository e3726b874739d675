package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corral's queue: requests wait for a server at max_conns instead of failing at once. */
class QueueTest {
  @TempDir Path prefix;

  private static CompletableFuture<HttpResponse<String>> send(GateHarness gate, String path) {
    return gate.client.sendAsync(HttpRequest.newBuilder(gate.uri(path)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private GateHarness gate(TestBackend backend, String queue) throws Exception {
    return new GateHarness(prefix, """
        http { access_log off;
          upstream app { server %s max_conns=1; %s }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
        }
        """.formatted(backend.address(), queue));
  }

  @Test
  void queuedRequestIsServedWhenTheServerFreesUp() throws Exception {
    try (TestBackend backend = new TestBackend("b"); GateHarness gate = gate(backend, "queue 2 timeout=60s;")) {
      CompletableFuture<HttpResponse<String>> first = send(gate, "/slow");
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.requests.get() == 1);
      CompletableFuture<HttpResponse<String>> second = send(gate, "/slow");
      assertThat(first.get().statusCode()).isEqualTo(200);
      assertThat(second.get().statusCode()).isEqualTo(200);
      assertThat(backend.requests.get()).isEqualTo(2);
    }
  }

  @Test
  void expiredWaitGets503() throws Exception {
    try (TestBackend backend = new TestBackend("b"); GateHarness gate = gate(backend, "queue 2 timeout=200ms;")) {
      CompletableFuture<HttpResponse<String>> first = send(gate, "/slow");
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.requests.get() == 1);
      assertThat(gate.get("/x").statusCode()).isEqualTo(503);
      assertThat(first.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void fullQueueGets503AtOnce() throws Exception {
    try (TestBackend backend = new TestBackend("b"); GateHarness gate = gate(backend, "queue 1 timeout=60s;")) {
      CompletableFuture<HttpResponse<String>> first = send(gate, "/slow");
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.requests.get() == 1);
      CompletableFuture<HttpResponse<String>> queued = send(gate, "/x");
      await().atMost(Duration.ofSeconds(30)).until(() -> gate.engine.upstream("app").orElseThrow().queued() == 1);
      assertThat(gate.get("/y").statusCode()).isEqualTo(503);
      assertThat(queued.get().statusCode()).isEqualTo(200);
      assertThat(first.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withoutAQueueABusyServerGives502AsNginx() throws Exception {
    try (TestBackend backend = new TestBackend("b"); GateHarness gate = gate(backend, "")) {
      CompletableFuture<HttpResponse<String>> first = send(gate, "/slow");
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.requests.get() == 1);
      assertThat(gate.get("/x").statusCode()).isEqualTo(502);
      assertThat(first.get().statusCode()).isEqualTo(200);
    }
  }
}
