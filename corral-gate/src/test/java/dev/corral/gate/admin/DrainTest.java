package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drain as the process manager uses it before stopping an instance: in-flight requests (2 s slow ones) finish with
 * 200, no new request reaches the drained server, {@code active} goes to 0, and its keep-alive connections go.
 */
class DrainTest {
  @TempDir Path prefix;
  private Backend one;
  private Backend two;
  private AdminGate gate;
  private GateAdminClient client;

  @BeforeEach
  void start() throws Exception {
    one = new Backend("one");
    two = new Backend("two");
    gate = new AdminGate(prefix, """
        admin_listen unix:SOCK;
        http {
          access_log off;
          upstream app { zone app 64k; server %s; server %s; keepalive 16; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
        }
        """.formatted(one.address(), two.address()));
    client = gate.unixClient();
  }

  @AfterEach
  void stop() throws Exception {
    gate.close();
    one.close();
    two.close();
  }

  private CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return gate.http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gate.port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private ServerView one() {
    return client.upstream("app").servers().stream().filter(s -> s.address().equals(one.address())).findFirst()
        .orElseThrow();
  }

  /** Polls until the condition holds; fails after 15 s (a bound for a loaded machine, not a timing assertion). */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("timed out waiting until " + what).isTrue();
      Thread.sleep(20);
    }
  }

  @Test
  void inFlightRequestsFinishWhileNewOnesGoElsewhereAndActiveDropsToZero() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      slow.add(getAsync("/?delay=2000"));
    }
    await("two slow requests are in flight on each server", () -> one.inFlight.get() == 2 && two.inFlight.get() == 2);
    assertThat(one().active()).isEqualTo(2);

    client.drain("app", one.address());
    int reachedOne = one.requests.get();
    ServerView draining = one();
    assertThat(draining.state()).isEqualTo("draining");
    assertThat(draining.active()).isEqualTo(2);
    for (int i = 0; i < 10; i++) {
      assertThat(gate.get("/").body()).isEqualTo("two");
    }
    assertThat(one.requests.get()).isEqualTo(reachedOne);

    List<String> bodies = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> f : slow) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).isEqualTo(200);
      bodies.add(r.body());
    }
    assertThat(bodies).containsExactlyInAnyOrder("one", "one", "two", "two");
    await("active is 0 on the drained server", () -> one().active() == 0);
    await("the drained server has no connection left", () -> one.openConnections.get() == 0);
    assertThat(two.openConnections.get()).as("the other server keeps its pooled connections").isPositive();
  }

  @Test
  void idleKeepAliveConnectionsAreClosedAtOnce() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> warm = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      warm.add(getAsync("/?delay=100"));
    }
    for (CompletableFuture<HttpResponse<String>> f : warm) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
    assertThat(one.openConnections.get()).as("idle pooled connections (keepalive_timeout is 60 s)").isPositive();
    client.drain("app", one.address());
    await("the drained server's idle connections are closed", () -> one.openConnections.get() == 0);
    assertThat(two.openConnections.get()).isPositive();
  }

  @Test
  void removingAServerClosesItsIdleConnectionsAndCountsItsInFlightAsZombies() throws Exception {
    CompletableFuture<HttpResponse<String>> a = getAsync("/?delay=2000");
    CompletableFuture<HttpResponse<String>> b = getAsync("/?delay=2000");
    await("a slow request is in flight on each server", () -> one.inFlight.get() == 1 && two.inFlight.get() == 1);
    assertThat(client.removeServer("app", one.address())).isTrue();
    assertThat(AdminTransportReply.zombies(gate)).isEqualTo(1);
    assertThat(gate.get("/").body()).isEqualTo("two");
    assertThat(List.of(a.get().statusCode(), b.get().statusCode())).containsExactly(200, 200);
    await("the removed server has no connection left", () -> one.openConnections.get() == 0);
    assertThat(AdminTransportReply.zombies(gate)).isZero();
  }
}
