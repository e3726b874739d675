package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.limit.Decision;
import dev.corral.limit.FakeTicker;
import dev.corral.limit.LimitReq;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limit_req} over real HTTP, on a fake clock for the zones (the delays themselves wait on the event loop's
 * real timer). Each limited location answers {@code $limit_req_status}, so the body says what the zone decided.
 */
class LimitReqTest {
  @TempDir Path prefix;
  private final FakeTicker clock = new FakeTicker(1_000_000_000L);
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  private void start(String http) throws Exception {
    gate = new GateHarness(prefix, "worker_processes 1; http { access_log off; " + http + " }", clock);
  }

  /** "STATUS BODY" of a GET. */
  private String get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gate.uri(path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r = gate.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + (r.statusCode() == 200 ? r.body() : "");
  }

  @Test
  void burstWithNodelayPassesAtOnceThenRefusesWith503() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=one burst=2 nodelay; return 200 "$limit_req_status"; } }
        """);
    assertThat(List.of(get("/"), get("/"), get("/"), get("/")))
        .containsExactly("200 PASSED", "200 PASSED", "200 PASSED", "503 ");
    assertThat(gate.errorLog()).contains("[error]").contains("limiting requests, excess: 3.000 by zone \"one\", "
        + "client: 127.0.0.1, server: , request: \"GET / HTTP/1.1\"");
    // nginx's 1r/m is 16 milli-requests per second: a request's worth (1000) decays in 62.5 s, not in 60.
    clock.advance(Duration.ofSeconds(60));
    assertThat(get("/")).isEqualTo("503 ");
    clock.advance(Duration.ofSeconds(3));
    assertThat(get("/")).isEqualTo("200 PASSED");
  }

  @Test
  void statusAndLogLevelAreTheLevelsAndDryRunRefusesNothing() throws Exception {
    start("""
        limit_req_zone $remote_addr zone=one:1m rate=1r/m;
        limit_req_status 429;
        limit_req_log_level warn;
        server { listen 127.0.0.1:PORT;
          location / { limit_req zone=one; return 200 "$limit_req_status"; }
          location /dry { limit_req zone=one; limit_req_dry_run on; return 200 "$limit_req_status"; } }
        """);
    assertThat(get("/")).isEqualTo("200 PASSED");
    assertThat(get("/dry")).isEqualTo("200 REJECTED_DRY_RUN");
    assertThat(get("/")).isEqualTo("429 ");
    assertThat(gate.errorLog()).contains("[warn]")
        .contains("limiting requests, dry run, excess: 1.000 by zone \"one\"")
        .contains("limiting requests, excess: 1.000 by zone \"one\"");
  }

  @Test
  void aDelayedRequestWaitsOnTheLoopWhileTheSameLoopServesOthers() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
        server { listen 127.0.0.1:PORT;
          location /limited { limit_req zone=one burst=5; return 200 "$limit_req_status"; }
          location /free { return 200 "free"; } }
        """);
    assertThat(get("/limited")).isEqualTo("200 PASSED");
    // The second request's excess is 1.000 at 1r/m: it waits a minute (real time) on the connection's timer.
    CompletableFuture<HttpResponse<String>> delayed = gate.client.sendAsync(
        HttpRequest.newBuilder(gate.uri("/limited")).timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString());
    waitFor(() -> gate.errorLog().contains("delaying request, excess: 1.000, by zone \"one\""));
    assertThat(get("/free")).as("the single event loop is not blocked").isEqualTo("200 free");
    assertThat(delayed).as("still waiting its delay").isNotDone();
    assertThat(gate.errorLog()).contains("[warn] ").doesNotContain("limiting requests");
    delayed.cancel(true);
  }

  @Test
  void delayLetsTheFirstExcessRequestsThroughAndDelaysTheRest() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=one:1m rate=100r/s;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=one burst=3 delay=1; return 200 "$limit_req_status"; } }
        """);
    // excess 0, 1000 (≤ delay=1: at once), 2000 and 3000 (delayed 10 and 20 ms), then 4000 > burst
    assertThat(List.of(get("/"), get("/"), get("/"), get("/"), get("/")))
        .containsExactly("200 PASSED", "200 PASSED", "200 DELAYED", "200 DELAYED", "503 ");
  }

  @Test
  void aDelayedRequestKeepsItsBodyAndPipelinedRequestsInOrder() throws Exception {
    try (TestBackend backend = new TestBackend("app")) {
      start("""
          limit_req_zone $binary_remote_addr zone=one:1m rate=100r/s;
          server { listen 127.0.0.1:PORT;
            location /echo { limit_req zone=one burst=5; proxy_pass http://%s; } }
          """.formatted(backend.address()));
      String two = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst"
          + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecond";
      String answer = gate.raw(two);
      assertThat(answer).containsSubsequence("HTTP/1.1 200", "first", "HTTP/1.1 200", "second");
      assertThat(gate.errorLog()).contains("delaying request, excess: 1.000, by zone \"one\"");
    }
  }

  @Test
  void twoLimitsInOneLocationCountOnlyWhenNoneRefuses() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=addr:1m rate=1r/m;
        limit_req_zone $http_x_user zone=user:1m rate=1r/m;
        server { listen 127.0.0.1:PORT; location / {
          limit_req zone=addr burst=1 nodelay; limit_req zone=user nodelay; return 200 "$limit_req_status"; } }
        """);
    assertThat(get("/", "X-User", "u1")).isEqualTo("200 PASSED");
    assertThat(get("/", "X-User", "u1")).as("refused by zone user").isEqualTo("503 ");
    assertThat(gate.errorLog()).contains("by zone \"user\"");
    // Had the refused request counted in zone addr, its excess would be 2.000 > burst=1 now.
    assertThat(get("/", "X-User", "u2")).isEqualTo("200 PASSED");
    assertThat(get("/", "X-User", "u3")).as("zone addr is at its burst now").isEqualTo("503 ");
  }

  @Test
  void aHeaderKeyLimitsEachValueAndAnEmptyKeyIsNotLimited() throws Exception {
    start("""
        limit_req_zone $http_x_api_key zone=keys:1m rate=1r/m;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=keys nodelay; return 200 "[$limit_req_status]"; } }
        """);
    assertThat(get("/", "X-Api-Key", "a")).isEqualTo("200 [PASSED]");
    assertThat(get("/", "X-Api-Key", "a")).isEqualTo("503 ");
    assertThat(get("/", "X-Api-Key", "b")).isEqualTo("200 [PASSED]");
    assertThat(List.of(get("/"), get("/"), get("/"))).as("no key: not limited, no status")
        .containsOnly("200 []");
  }

  @Test
  void anInnerLevelWithItsOwnLimitReqDropsTheOuterOnes() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=server:1m rate=1r/m;
        limit_req_zone $binary_remote_addr zone=inner:1m rate=1r/m;
        server { listen 127.0.0.1:PORT; limit_req zone=server nodelay;
          location / { return 200 "$limit_req_status"; }
          location /own { limit_req zone=inner burst=2 nodelay; return 200 "$limit_req_status"; } }
        """);
    assertThat(List.of(get("/own"), get("/own"), get("/own"), get("/own")))
        .containsExactly("200 PASSED", "200 PASSED", "200 PASSED", "503 ");
    assertThat(List.of(get("/"), get("/"))).containsExactly("200 PASSED", "503 ");
  }

  @Test
  void aReloadKeepsAZoneOfTheSameSizeEvenWithANewRateAndAResizedZoneStartsAfresh() throws Exception {
    String config = """
        worker_processes 1; http { access_log off;
        limit_req_zone $binary_remote_addr zone=one:%s rate=%s;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=one nodelay; return 200 "%s"; } } }
        """;
    gate = new GateHarness(prefix, config.formatted("1m", "1r/m", "v1"), clock);
    assertThat(List.of(get("/"), get("/"))).containsExactly("200 v1", "503 ");
    gate.engine.reload(gate.load(config.formatted("1m", "1r/m", "v2")));
    assertThat(get("/")).as("same zone: still limited").isEqualTo("503 ");
    gate.engine.reload(gate.load(config.formatted("1m", "2r/m", "v3")));
    assertThat(get("/")).as("a new rate keeps the zone's nodes, as nginx's shared memory").isEqualTo("503 ");
    // 2r/m is 33 milli-requests per second: the excess of 1000 drains in 31 s (at 1r/m it would take 63 s).
    clock.advance(Duration.ofSeconds(31));
    assertThat(get("/")).as("drained at the new rate").isEqualTo("200 v3");
    assertThat(get("/")).isEqualTo("503 ");
    gate.engine.reload(gate.load(config.formatted("2m", "2r/m", "v4")));
    assertThat(get("/")).as("a new size: a new, empty zone").isEqualTo("200 v4");
  }

  @Test
  void aReloadThatChangesTheKeyOfAZoneFailsAndTheOldConfigurationKeepsServing() throws Exception {
    String config = """
        worker_processes 1; http { access_log off;
        limit_req_zone %s zone=one:1m rate=1r/m;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=one; return 200 "%s"; } } }
        """;
    gate = new GateHarness(prefix, config.formatted("$binary_remote_addr", "v1"), clock);
    assertThat(get("/")).isEqualTo("200 v1");
    assertThatThrownBy(() -> gate.engine.reload(gate.load(config.formatted("$uri", "v2"))))
        .hasMessageContaining("limit_req \"one\" uses the \"$uri\" key while previously it used the "
            + "\"$binary_remote_addr\" key");
    assertThat(get("/")).as("still the old configuration and its zone").isEqualTo("503 ");
  }

  @Test
  void aKeyForWhichTheZoneHasNoRoomGetsTheStatusAndNginxsAlert() throws Exception {
    start("""
        limit_req_zone $http_x_key zone=small:32k rate=1r/m;
        limit_req_status 429;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=small; return 200 "$limit_req_status"; } }
        """);
    for (int i = 0; i < 200; i++) {
      assertThat(get("/", "X-Key", "k" + i)).isEqualTo("200 PASSED");
    }
    // Every page now holds small nodes; dropping the oldest frees one chunk, not the page a 3000-byte key needs.
    assertThat(get("/", "X-Key", "x".repeat(3000))).isEqualTo("429 ");
    assertThat(gate.errorLog()).contains("[alert]").contains("could not allocate node in limit_req zone \"small\"");
    assertThat(get("/", "X-Key", "k-new")).as("a small key still evicts the oldest").isEqualTo("200 PASSED");
    assertThat(get("/", "X-Key", "k0")).as("k0 was evicted: a new node").isEqualTo("200 PASSED");
  }

  @Test
  void limitReqHeadersSendsTheIetfFieldsOnPassedAndRefusedAnswers() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=api:1m rate=10r/s;
        server { listen 127.0.0.1:PORT; limit_req_headers on;
          location / { limit_req zone=api burst=2 nodelay; return 200 "$limit_req_status"; }
          location /plain { limit_req zone=api burst=2 nodelay; limit_req_headers off; return 200 "x"; } }
        """);
    HttpResponse<String> first = send("/");
    assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("\"api\";q=10;w=1");
    assertThat(first.headers().firstValue("RateLimit")).hasValue("\"api\";r=2;t=0");
    assertThat(first.headers().firstValue("Retry-After")).isEmpty();
    assertThat(send("/").headers().firstValue("RateLimit")).hasValue("\"api\";r=1;t=1");
    send("/");
    HttpResponse<String> refused = send("/");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"api\";r=0;t=1");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    clock.advance(Duration.ofMillis(300));
    assertThat(send("/plain").headers().firstValue("RateLimit")).as("off at this level").isEmpty();
  }

  private HttpResponse<String> send(String path) throws Exception {
    return gate.client.send(HttpRequest.newBuilder(gate.uri(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void decisionsMatchCorralLimitsLimitReqOnTheSameClock() throws Exception {
    differential("burst=5 nodelay", LimitReq.perSecond(10).burst(5).nodelay(), 10);
    gate.close();
    differential("burst=4 delay=2", LimitReq.perSecond(1000).burst(4).delay(2), 1000);
  }

  private void differential(String params, LimitReq.Builder reference, int ratePerSecond) throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=one:1m rate=%dr/s;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=one %s; return 200 "$limit_req_status"; } }
        """.formatted(ratePerSecond, params));
    LimitReq expected = reference.ticker(clock).build();
    Random random = new Random(42);
    List<String> got = new ArrayList<>();
    List<String> want = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      clock.advanceMillis(random.nextInt(ratePerSecond >= 1000 ? 3 : 200));
      got.add(get("/"));
      Decision d = expected.decide(1);
      want.add(d.rejected() ? "503 " : d.delayed() ? "200 DELAYED" : "200 PASSED");
    }
    assertThat(got).isEqualTo(want);
    assertThat(want).contains("503 ", "200 PASSED");
    if (params.contains("delay=")) {
      assertThat(want).contains("200 DELAYED");
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition not reached in 30 s").isNegative();
      Thread.sleep(10);
    }
  }
}
