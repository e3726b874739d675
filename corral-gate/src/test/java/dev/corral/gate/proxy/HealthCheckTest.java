package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.gate.balance.PeerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckTest {
  @TempDir Path prefix;

  @Test
  void trackerNeedsFallFailuresToTakeOutAndRisePassesToBringBack() {
    HealthTracker tracker = new HealthTracker(2, 3);
    assertThat(tracker.record("a", false)).isEmpty();
    assertThat(tracker.record("a", true)).isEmpty();
    assertThat(tracker.record("a", false)).isEmpty();
    assertThat(tracker.record("a", false)).isEqualTo(Optional.of(false));
    assertThat(tracker.record("a", true)).isEmpty();
    assertThat(tracker.record("a", true)).isEmpty();
    assertThat(tracker.record("a", true)).isEqualTo(Optional.of(true));
  }

  @Test
  void serverFailingItsHealthCheckGetsNoRequests() throws Exception {
    try (TestBackend good = new TestBackend("good"); TestBackend sick = new TestBackend("sick")) {
      // The sick server answers its health URI with 503; the good one answers /status/200... via its name path.
      try (GateHarness gate = new GateHarness(prefix, """
          http { access_log off;
            upstream app { server %s; server %s; health_check interval=100ms fall=2 rise=2 uri=/status/200; }
            server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; proxy_next_upstream off; } }
          }
          """.formatted(good.address(), sick.address()))) {
        sick.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.engine.upstream("app").orElseThrow().status()
            .stream().filter(s -> s.address().equals(sick.address())).noneMatch(PeerStatus::healthy));
        for (int i = 0; i < 6; i++) {
          assertThat(gate.get("/x").body()).isEqualTo("good");
        }
        assertThat(gate.errors.toString()).contains("health check failed, upstream server " + sick.address());
      }
    }
  }

  @Test
  void healthyServersStayInBalancing() throws Exception {
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
        GateHarness gate = new GateHarness(prefix, """
            http { access_log off;
              upstream app { server %s; server %s; health_check interval=100ms uri=/status/204; }
              server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
            }
            """.formatted(a.address(), b.address()))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> a.requests.get() >= 3 && b.requests.get() >= 3);
      assertThat(gate.engine.upstream("app").orElseThrow().status()).allMatch(PeerStatus::healthy);
      assertThat(gate.get("/x").body() + gate.get("/x").body()).isIn("ab", "ba");
    }
  }
}
