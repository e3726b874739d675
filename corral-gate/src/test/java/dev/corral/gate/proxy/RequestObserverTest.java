package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.http.RequestObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-request observer seam: one call per finished request, after the access log, whatever an observer does. */
class RequestObserverTest {
  /** What an observer saw of one request (copied on the event loop: the observer must not keep the context). */
  private record Seen(String uri, int status, long bodyBytes, String server, boolean endedAfterStart) {}

  @TempDir Path prefix;
  private GateHarness gate;

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
  }

  @Test
  void anObserverIsToldOnceAboutEachFinishedRequestWithItsStatusBytesAndServer() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; server_name front; "
        + "location = /ok { return 200 hello; } location / { return 404; } } }");
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    gate.engine.observe((request, settings, now) -> seen.add(new Seen(request.request.uri(), request.status(),
        request.bodyBytesSent(), request.serverName(), now - request.startNanos >= 0)));

    gate.raw("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    List<Seen> got = take(seen, 2);
    assertThat(got).extracting(Seen::uri).containsExactly("/ok", "/missing");
    assertThat(got).extracting(Seen::status).containsExactly(200, 404);
    assertThat(got.get(0).bodyBytes()).isEqualTo("hello".length());
    assertThat(got).extracting(Seen::server).containsOnly("front");
    assertThat(got).extracting(Seen::endedAfterStart).containsOnly(true);
    assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).as("no second call for a request").isNull();
  }

  @Test
  void aFailingObserverIsLoggedAndTheOthersAndTheAnswerGoOn() throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + "location / { return 200 fine; } } }");
    BlockingQueue<Integer> later = new LinkedBlockingQueue<>();
    RequestObserver failing = (request, settings, now) -> {
      throw new IllegalStateException("observer bug");
    };
    gate.engine.observe(failing);
    gate.engine.observe((request, settings, now) -> later.add(request.status()));

    assertThat(gate.raw("GET / HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 ").endsWith("fine");
    assertThat(take(later, 1)).containsExactly(200);
    assertThat(gate.errorLog()).contains("request observer").contains("observer bug");
  }

  private static <T> List<T> take(BlockingQueue<T> queue, int n) throws InterruptedException {
    List<T> out = new ArrayList<>();
    while (out.size() < n) {
      T next = queue.poll(10, TimeUnit.SECONDS);
      assertThat(next).as("call " + (out.size() + 1) + " of " + n).isNotNull();
      out.add(next);
    }
    return out;
  }
}
