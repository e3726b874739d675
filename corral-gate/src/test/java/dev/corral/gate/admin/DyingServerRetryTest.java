package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An instance that dies with a request in flight (its connection closed or reset before any response byte, as the
 * kernel does for a process killed with {@code kill -9}): a GET is retried on another server and the client sees
 * 200 ({@code proxy_next_upstream error}, the default); a POST is not retried and gets 502, as in nginx.
 */
class DyingServerRetryTest {
  @TempDir Path prefix;

  private AdminGate gate(Backend dying, Backend good) throws Exception {
    // max_fails=0 keeps the dying server in the rotation, so every other request is sent to it.
    return new AdminGate(prefix, """
        http {
          access_log off;
          upstream app { server %s max_fails=0; server %s; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } }
        }
        """.formatted(dying.address(), good.address()));
  }

  @ParameterizedTest
  @EnumSource(value = Backend.Mode.class, names = {"CLOSE", "RESET"})
  void anInFlightGetIsRetriedOnAnotherServer(Backend.Mode mode) throws Exception {
    try (Backend dying = new Backend("dying", mode); Backend good = new Backend("good");
        AdminGate gate = gate(dying, good)) {
      for (int i = 0; i < 6; i++) {
        var r = gate.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("good");
      }
      assertThat(dying.requests.get()).as("GETs that reached the dying server first").isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Backend.Mode.class, names = {"CLOSE", "RESET"})
  void anInFlightPostIsNotRetried(Backend.Mode mode) throws Exception {
    try (Backend dying = new Backend("dying", mode); Backend good = new Backend("good");
        AdminGate gate = gate(dying, good)) {
      int failed = 0;
      for (int i = 0; i < 6; i++) {
        int before = dying.requests.get();
        var r = gate.post("/", "order=1");
        if (dying.requests.get() > before) {
          assertThat(r.statusCode()).as("a POST that reached the dying server").isEqualTo(502);
          failed++;
        } else {
          assertThat(r.statusCode()).isEqualTo(200);
        }
      }
      assertThat(failed).isPositive();
      assertThat(good.requests.get()).as("no POST was sent twice").isEqualTo(6 - failed);
    }
  }
}
