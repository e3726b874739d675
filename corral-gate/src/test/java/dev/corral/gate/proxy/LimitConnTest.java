package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limit_conn} over real HTTP: a backend that holds {@code /hold} requests until the test releases them
 * keeps requests in progress for as long as the test needs, without timing assumptions.
 */
class LimitConnTest {
  @TempDir Path prefix;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger arrived = new AtomicInteger();
  private HttpServer backend;
  private GateHarness gate;

  @BeforeEach
  void backend() throws Exception {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    backend.setExecutor(Executors.newCachedThreadPool());
    backend.createContext("/", exchange -> {
      try (exchange) {
        arrived.incrementAndGet();
        if (exchange.getRequestURI().getPath().startsWith("/hold")) {
          release.await(60, TimeUnit.SECONDS);
        }
        byte[] body = "done".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    backend.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (gate != null) {
      gate.close();
    }
    backend.stop(0);
  }

  private void start(String directives) throws Exception {
    gate = new GateHarness(prefix, """
        http { access_log off;
          limit_conn_zone $binary_remote_addr zone=addr:1m;
          limit_conn_zone $http_x_user zone=user:1m;
          server { listen 127.0.0.1:PORT;
            location / { %s proxy_pass http://127.0.0.1:%d; }
            location = /status { %s return 200 "[$limit_conn_status]"; } } }
        """.formatted(directives, backend.getAddress().getPort(), directives));
  }

  private CompletableFuture<HttpResponse<String>> send(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(gate.uri(path)).timeout(Duration.ofSeconds(60));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return gate.client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aKeyAtItsLimitIsRefusedUntilARequestInProgressEnds() throws Exception {
    start("limit_conn addr 1;");
    CompletableFuture<HttpResponse<String>> held = send("/hold");
    LimitReqTest.waitFor(() -> arrived.get() == 1);
    assertThat(send("/other").get().statusCode()).isEqualTo(503);
    assertThat(gate.errorLog()).contains("[error]")
        .contains("limiting connections by zone \"addr\", client: 127.0.0.1, server: , request: \"GET /other HTTP/1.1\"");
    release.countDown();
    assertThat(held.get().body()).isEqualTo("done");
    assertThat(send("/other").get().body()).as("the slot was given back").isEqualTo("done");
    assertThat(send("/status").get().body()).isEqualTo("[PASSED]");
  }

  @Test
  void linesOfDifferentLimitsOnOneZoneCountTheSameRequestsAsInNginx() throws Exception {
    gate = new GateHarness(prefix, """
        http { access_log off;
          limit_conn_zone $binary_remote_addr zone=addr:1m;
          server { listen 127.0.0.1:PORT;
            location /one/ { limit_conn addr 1; proxy_pass http://127.0.0.1:%1$d/; }
            location /two/ { limit_conn addr 2; proxy_pass http://127.0.0.1:%1$d/; } } }
        """.formatted(backend.getAddress().getPort()));
    CompletableFuture<HttpResponse<String>> first = send("/two/hold");
    LimitReqTest.waitFor(() -> arrived.get() == 1);
    assertThat(send("/one/x").get().statusCode()).as("the zone's one counter is at 1: /one's limit").isEqualTo(503);
    CompletableFuture<HttpResponse<String>> second = send("/two/hold");
    LimitReqTest.waitFor(() -> arrived.get() == 2);
    assertThat(send("/two/x").get().statusCode()).as("2 in progress: /two's limit").isEqualTo(503);
    release.countDown();
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(second.get().statusCode()).isEqualTo(200);
    assertThat(send("/one/x").get().statusCode()).isEqualTo(200);
  }

  @Test
  void eachKeyHasItsOwnSlotsAndAnEmptyKeyIsNotLimited() throws Exception {
    start("limit_conn user 1; limit_conn_status 429;");
    CompletableFuture<HttpResponse<String>> held = send("/hold", "X-User", "a");
    LimitReqTest.waitFor(() -> arrived.get() == 1);
    assertThat(send("/x", "X-User", "a").get().statusCode()).isEqualTo(429);
    assertThat(send("/x", "X-User", "b").get().body()).isEqualTo("done");
    assertThat(send("/x").get().body()).isEqualTo("done");
    assertThat(send("/status").get().body()).as("no key: no status").isEqualTo("[]");
    release.countDown();
    assertThat(held.get().statusCode()).isEqualTo(200);
  }

  @Test
  void dryRunRefusesNothingButSaysSo() throws Exception {
    start("limit_conn addr 1; limit_conn_dry_run on; limit_conn_log_level warn;");
    CompletableFuture<HttpResponse<String>> held = send("/hold");
    LimitReqTest.waitFor(() -> arrived.get() == 1);
    assertThat(send("/status").get().body()).isEqualTo("[REJECTED_DRY_RUN]");
    assertThat(gate.errorLog()).contains("[warn]").contains("limiting connections, dry run by zone \"addr\"");
    release.countDown();
    assertThat(held.get().statusCode()).isEqualTo(200);
  }

  @Test
  void aRefusedRequestGivesBackTheSlotsItTookInEarlierZones() throws Exception {
    start("limit_conn user 5; limit_conn addr 1;");
    CompletableFuture<HttpResponse<String>> held = send("/hold", "X-User", "a");
    LimitReqTest.waitFor(() -> arrived.get() == 1);
    for (int i = 0; i < 6; i++) {
      assertThat(send("/x", "X-User", "a").get().statusCode()).as("refused by addr").isEqualTo(503);
    }
    release.countDown();
    held.get();
    // Had the refused requests kept their slot in zone user (limit 5), this one would be refused.
    assertThat(send("/x", "X-User", "a").get().body()).isEqualTo("done");
  }
}
