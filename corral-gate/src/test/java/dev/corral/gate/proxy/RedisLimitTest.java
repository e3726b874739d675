package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.limit.RedisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limit_req_zone … backend=redis://…} and {@code limit_conn_zone … backend=redis://…} over real HTTP against
 * a real {@code redis-server} (started here on a free port, killed and restarted mid-test): the same answers as a
 * local zone, delays, slots in progress, and the failure policies while Redis is away.
 */
class RedisLimitTest {
  @TempDir Path prefix;
  private RedisProcess redis;
  private GateHarness gate;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisProcess.startForTest();
  }

  @AfterEach
  void stop() throws Exception {
    if (gate != null) {
      gate.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private void start(String http) throws Exception {
    gate = new GateHarness(prefix, "worker_processes 1; http { access_log off; "
        + http.replace("REDIS", redis.uri()) + " }");
  }

  private HttpResponse<String> send(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gate.uri(path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return gate.client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** "STATUS BODY" of a GET. */
  private String get(String path) throws Exception {
    HttpResponse<String> r = send(path);
    return r.statusCode() + " " + (r.statusCode() == 200 ? r.body() : "");
  }

  @Test
  void aRedisZoneAnswersAsTheSameZoneInTheGateWithTheSameRateLimitFields() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=here:1m rate=1r/m;
        limit_req_zone $binary_remote_addr zone=there:1m rate=1r/m backend=REDIS timeout=5s;
        limit_req_headers on;
        server { listen 127.0.0.1:PORT;
          location /here { limit_req zone=here burst=2 nodelay; return 200 "$limit_req_status"; }
          location /there { limit_req zone=there burst=2 nodelay; return 200 "$limit_req_status"; } }
        """);
    List<String> here = new ArrayList<>();
    List<String> there = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> h = send("/here");
      HttpResponse<String> t = send("/there");
      here.add(h.statusCode() + " " + h.headers().firstValue("RateLimit").orElse("none").replace("here", "Z")
          + " " + h.headers().firstValue("Retry-After").orElse("-"));
      there.add(t.statusCode() + " " + t.headers().firstValue("RateLimit").orElse("none").replace("there", "Z")
          + " " + t.headers().firstValue("Retry-After").orElse("-"));
    }
    assertThat(there).isEqualTo(here);
    assertThat(here).extracting(s -> s.substring(0, 3)).containsExactly("200", "200", "200", "503", "503");
    assertThat(gate.errorLog()).contains("limiting requests, excess: 3.0").contains("by zone \"there\"");
  }

  @Test
  void aRequestBeyondTheRateOfARedisZoneIsDelayed() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=there:1m rate=2r/s backend=REDIS timeout=5s;
        server { listen 127.0.0.1:PORT;
          location / { limit_req zone=there burst=3; return 200 "$limit_req_status"; } }
        """);
    assertThat(get("/")).isEqualTo("200 PASSED");
    assertThat(get("/")).isEqualTo("200 DELAYED");
    assertThat(gate.errorLog()).contains("delaying request, excess: ").contains("by zone \"there\"");
  }

  @Test
  void aRedisConnectionZoneRefusesASecondRequestInProgressAndFreesTheSlotWhenTheFirstEnds() throws Exception {
    try (HoldingBackend backend = new HoldingBackend()) {
      start("""
          limit_conn_zone $binary_remote_addr zone=addr:1m backend=REDIS timeout=5s;
          server { listen 127.0.0.1:PORT;
            location / { limit_conn addr 1; proxy_pass http://BACKEND; } }
          """.replace("BACKEND", backend.address()));
      CompletableFuture<HttpResponse<String>> first = gate.client.sendAsync(
          HttpRequest.newBuilder(gate.uri("/held")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(backend.arrived.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(send("/second").statusCode()).isEqualTo(503);
      assertThat(gate.errorLog()).contains("limiting connections by zone \"addr\"");
      backend.release.countDown();
      assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(send("/third").statusCode()).as("the slot is back").isEqualTo(200);
    }
  }

  @Test
  void aSlotInARedisConnectionZoneOutlivesItsLeaseWhileItsRequestIsInProgress() throws Exception {
    try (HoldingBackend backend = new HoldingBackend()) {
      start("""
          limit_conn_zone $binary_remote_addr zone=addr:1m backend=REDIS timeout=5s lease=1s;
          server { listen 127.0.0.1:PORT;
            location / { limit_conn addr 1; proxy_pass http://BACKEND; } }
          """.replace("BACKEND", backend.address()));
      CompletableFuture<HttpResponse<String>> first = gate.client.sendAsync(
          HttpRequest.newBuilder(gate.uri("/held")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(backend.arrived.await(20, TimeUnit.SECONDS)).isTrue();
      // Three leases later an unrenewed slot would have lapsed in Redis and let a second request in.
      Thread.sleep(3000);
      assertThat(send("/second").statusCode()).as("the gate renews the slot of the request in progress")
          .isEqualTo(503);
      backend.release.countDown();
      assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void whileRedisIsAwayFailClosedRefusesFailOpenAdmitsAndTheLimitComesBackWithRedis() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=closed:1m rate=1r/m backend=REDIS fail=closed timeout=5s;
        limit_req_zone $binary_remote_addr zone=open:1m rate=1r/m backend=REDIS fail=open timeout=5s;
        server { listen 127.0.0.1:PORT;
          location /closed { limit_req zone=closed nodelay; return 200 "$limit_req_status"; }
          location /open { limit_req zone=open nodelay; return 200 "$limit_req_status"; } }
        """);
    assertThat(List.of(get("/closed"), get("/closed"))).containsExactly("200 PASSED", "503 ");
    assertThat(List.of(get("/open"), get("/open"))).containsExactly("200 PASSED", "503 ");
    redis.kill();
    for (int i = 0; i < 5; i++) {
      assertThat(get("/closed")).as("fail=closed refuses").isEqualTo("503 ");
      assertThat(get("/open")).as("fail=open admits").isEqualTo("200 PASSED");
    }
    assertThat(gate.errorLog()).contains("zone \"closed\": Redis at " + redis.uri()
        + " does not answer; fail=closed decides until it does");
    redis.restart();
    // The restarted Redis is empty: once the gate reaches it again, the zone passes one request and limits again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String answer;
    do {
      answer = get("/closed");
    } while (!answer.equals("200 PASSED") && System.nanoTime() < deadline && pause());
    assertThat(answer).isEqualTo("200 PASSED");
    assertThat(get("/closed")).isEqualTo("503 ");
    assertThat(gate.errorLog()).contains("zone \"closed\": Redis at " + redis.uri() + " answers again");
  }

  @Test
  void aGateStartedWhileRedisIsDownDecidesByItsPolicyThenReachesRedis() throws Exception {
    redis.kill();
    start("""
        limit_req_zone $binary_remote_addr zone=late:1m rate=1r/m backend=REDIS fail=local timeout=5s;
        server { listen 127.0.0.1:PORT; location / { limit_req zone=late nodelay; return 200 "$limit_req_status"; } }
        """);
    assertThat(List.of(get("/"), get("/"))).as("fail=local: this gate's own zone").containsExactly("200 PASSED",
        "503 ");
    redis.restart();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String answer;
    do {
      answer = get("/");
    } while (!answer.equals("200 PASSED") && System.nanoTime() < deadline && pause());
    assertThat(answer).as("Redis decides again (its state is empty)\n" + gate.errorLog()).isEqualTo("200 PASSED");
  }

  private static boolean pause() throws InterruptedException {
    Thread.sleep(100);
    return true;
  }

  /** A backend that holds every request until {@link #release} is counted down, then answers 200. */
  private static final class HoldingBackend implements AutoCloseable {
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

    HoldingBackend() throws IOException {
      Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> serve(s));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    String address() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    private void serve(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        int matched = 0;
        while (matched < 4) {
          int c = in.read();
          if (c < 0) {
            return;
          }
          matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        arrived.countDown();
        release.await(30, TimeUnit.SECONDS);
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException | InterruptedException e) {
        // the test ended
      }
    }

    @Override
    public void close() throws IOException {
      release.countDown();
      server.close();
    }
  }
}
