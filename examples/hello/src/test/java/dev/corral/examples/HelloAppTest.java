package dev.corral.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** examples/hello as a user runs it: a real JVM on a free port, real HTTP, real signals. */
class HelloAppTest {

  @Test
  void rootAnswersItsInstancePidAndPort() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of("CORRAL_INSTANCE", "3"))) {
      HttpResponse<String> r = hello.get("/");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(
          "hello from instance 3 (pid " + hello.pid() + ", port " + hello.port() + ")\n");
    }
  }

  @Test
  void instanceFallsBackToPm2sVariableThenZero() throws Exception {
    try (HelloProcess pm2 = HelloProcess.start(Map.of("NODE_APP_INSTANCE", "1"));
        HelloProcess plain = HelloProcess.start(Map.of())) {
      assertThat(pm2.get("/").body()).startsWith("hello from instance 1 ");
      assertThat(plain.get("/").body()).startsWith("hello from instance 0 ");
    }
  }

  @Test
  void healthAnswersOk() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      HttpResponse<String> r = hello.get("/health");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      assertThat(hello.get("/nope").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void delayAnswersNoSoonerThanAsked() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      long start = System.nanoTime();
      HttpResponse<String> r = hello.get("/?delay=300");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("hello from instance 0 ");
      assertThat(tookMs).isGreaterThanOrEqualTo(300);
      assertThat(hello.awaitLine(l -> l.startsWith("hello: answering in"))).isEqualTo("hello: answering in 300 ms");
    }
  }

  @Test
  void delayOutOfRangeOrNotANumberIsRefusedWithOneLine() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      HttpResponse<String> tooLong = hello.get("/?delay=" + (HelloHandler.MAX_DELAY_MS + 1));
      HttpResponse<String> word = hello.get("/?delay=soon");

      assertThat(tooLong.statusCode()).isEqualTo(400);
      assertThat(tooLong.body()).isEqualTo("delay: 60001 (expected: milliseconds, 0 to 60000)\n");
      assertThat(word.statusCode()).isEqualTo(400);
      assertThat(word.body()).startsWith("delay: soon ");
    }
  }

  @Test
  void sigtermLetsTheRequestInFlightFinishThenExitsZero() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      CompletableFuture<HttpResponse<String>> slow = hello.getAsync("/?delay=2000");
      hello.awaitLine(l -> l.equals("hello: answering in 2000 ms")); // the request is in the handler now

      hello.terminate();

      HttpResponse<String> r = slow.get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("hello from instance 0 ");
      assertThat(hello.awaitLine(l -> l.startsWith("hello st"))).startsWith("hello stopping");
      assertThat(hello.awaitLine(l -> l.startsWith("hello st"))).isEqualTo("hello stopped");
      assertThat(hello.awaitExit()).isZero();
    }
  }

  @Test
  void sigintStopsAsGracefullyAsSigterm() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      CompletableFuture<HttpResponse<String>> slow = hello.getAsync("/?delay=2000");
      hello.awaitLine(l -> l.equals("hello: answering in 2000 ms"));

      hello.interrupt();

      assertThat(slow.get().statusCode()).isEqualTo(200);
      assertThat(hello.awaitExit()).isZero();
    }
  }

  @Test
  void aStoppingAppRefusesNewConnectionsWhileARequestIsInFlight() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      hello.getAsync("/?delay=60000");
      hello.awaitLine(l -> l.equals("hello: answering in 60000 ms"));

      hello.terminate();
      hello.awaitLine(l -> l.startsWith("hello stopping"));
      boolean refused = false;
      for (int i = 0; i < 200 && !refused; i++) { // the listener closes as the stop begins; 10 s at most
        refused = !accepts(hello.port());
        if (!refused) {
          Thread.sleep(50);
        }
      }

      assertThat(refused).as("connections refused once the stop began").isTrue();
      assertThat(hello.alive()).as("still waiting for the request in flight (grace: %d s)", HelloApp.GRACE_SECONDS)
          .isTrue();
    }
  }

  @Test
  void aRequestLongerThanTheGraceDoesNotHoldTheStop() throws Exception {
    try (HelloProcess hello = HelloProcess.start(Map.of())) {
      CompletableFuture<HttpResponse<String>> endless = hello.getAsync("/?delay=60000");
      hello.awaitLine(l -> l.equals("hello: answering in 60000 ms"));

      hello.terminate();

      assertThat(hello.awaitExit()).isZero();
      assertThatThrownBy(endless::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }
  }

  private static boolean accepts(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }
}
