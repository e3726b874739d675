package dev.corral.gate.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gate processes sharing one {@code limit_req_zone … backend=redis://…} on a real {@code redis-server}: together
 * they pass no more than the zone's limit; with Redis killed each holds its own {@code fail=} policy; with Redis
 * back the shared limit holds again. The zones' timeout is long (5 s) so that a loaded machine never lets the
 * policy decide while Redis is up; a killed Redis refuses at once, whatever the timeout.
 */
class SharedRedisZoneTest {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private static String config(int port, String redis, String fail, String name) {
    return """
        worker_processes 1;
        error_log logs/error.log info;
        pid logs/gate.pid;
        http {
          access_log off;
          limit_req_zone $binary_remote_addr zone=shared:1m rate=1r/m backend=%s fail=%s timeout=5s;
          server { listen 127.0.0.1:%d;
            location / { limit_req zone=shared burst=4 nodelay; return 200 "%s"; } }
        }
        """.formatted(redis, fail, port, name);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Sends {@code each} requests to every gate at once; returns how many were answered 200. */
  private long passed(int each, GateProcess... gates) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      for (GateProcess gate : gates) {
        answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gate.port + "/"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
      }
    }
    long ok = 0;
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      int status = answer.get(60, TimeUnit.SECONDS).statusCode();
      assertThat(status).isIn(200, 503);
      ok += status == 200 ? 1 : 0;
    }
    return ok;
  }

  @Test
  void twoGatesTogetherPassTheLimitOnceHoldTheirPoliciesWhileRedisIsAwayAndShareItAgainAfter() throws Exception {
    try (RedisProcess redis = RedisProcess.startForTest()) {
      int portA = freePort();
      int portB = freePort();
      try (GateProcess a = new GateProcess(dir.resolve("a"), portA, config(portA, redis.uri(), "closed", "a"));
          GateProcess b = new GateProcess(dir.resolve("b"), portB, config(portB, redis.uri(), "open", "b"))) {
        // burst=4 at 1r/m: 5 requests of one address pass, then the zone refuses for a minute, whichever gate.
        assertThat(passed(10, a, b)).as("20 requests over two gates\n" + a.output() + b.output()).isEqualTo(5);

        redis.kill();
        assertThat(passed(5, a)).as("fail=closed refuses everything").isZero();
        assertThat(passed(5, b)).as("fail=open admits everything").isEqualTo(5);
        assertThat(a.output()).contains("zone \"shared\": Redis at " + redis.uri()
            + " does not answer; fail=closed decides until it does");

        redis.restart();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(a.output().contains("answers again") && b.output().contains("answers again"))
            && System.nanoTime() < deadline) {
          passed(1, a, b);
          Thread.sleep(200);
        }
        assertThat(a.output() + b.output()).contains("zone \"shared\": Redis at " + redis.uri() + " answers again");
        redis.command("FLUSHALL");
        assertThat(passed(10, a, b)).as("the shared limit again").isEqualTo(5);
      }
    }
  }
}
