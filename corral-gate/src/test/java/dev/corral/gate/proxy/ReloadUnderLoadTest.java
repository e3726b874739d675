package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadUnderLoadTest {
  @TempDir Path prefix;

  private static String config(TestBackend a, TestBackend b, int version) {
    // Alternates the upstream membership, method and a header, so every reload changes routing.
    String servers = version % 2 == 0 ? "server " + a.address() + "; server " + b.address() + ";"
        : "least_conn; server " + b.address() + ";";
    return """
        http {
          access_log off;
          upstream app { %s keepalive 16; }
          server { listen 127.0.0.1:PORT;
            location / { proxy_pass http://app; proxy_set_header X-Version %d; }
            location = /v { return 200 "%d"; }
          }
        }
        """.formatted(servers, version, version);
  }

  @Test
  void twentyReloadsUnderLoadFailNoRequest() throws Exception {
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b")) {
      GateHarness gate = new GateHarness(prefix, config(a, b, 0));
      ExecutorService load = Executors.newFixedThreadPool(4);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger ok = new AtomicInteger();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          workers.add(load.submit(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (running.get() && System.nanoTime() < end) {
              try {
                HttpResponse<String> r = gate.client.send(HttpRequest.newBuilder(gate.uri("/x"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                  ok.incrementAndGet();
                } else {
                  failures.add("status " + r.statusCode());
                }
              } catch (Exception e) {
                failures.add(e.toString());
              }
            }
          }));
        }
        for (int version = 1; version <= 20; version++) {
          int before = ok.get();
          gate.engine.reload(gate.load(config(a, b, version)));
          assertThat(gate.get("/v").body()).isEqualTo(Integer.toString(version));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (ok.get() < before + 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
        }
        running.set(false);
        for (Future<?> w : workers) {
          w.get(60, TimeUnit.SECONDS);
        }
        // With the load stopped (nothing in flight on older routes, whose requests the backend's threads could
        // record after newer ones), two requests of version 20's round robin over a and b: one reaches b.
        assertThat(gate.get("/x").statusCode()).isEqualTo(200);
        assertThat(gate.get("/x").statusCode()).isEqualTo(200);
      } finally {
        running.set(false);
        load.shutdownNow();
        gate.close();
      }
      assertThat(failures).isEmpty();
      assertThat(ok.get()).isGreaterThan(100);
      assertThat(b.headers.get(b.headers.size() - 1).get("X-version")).containsExactly("20");
    }
  }
}
