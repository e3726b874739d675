package dev.corral.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app as corral's cluster mode starts it: a separate JVM whose only instruction is {@code SERVER_PORT} in its
 * environment (no argument, no property), answering on that port.
 */
class SpringHelloAppTest {
  private static final Duration WAIT = Duration.ofSeconds(120); // Spring Boot's start on a loaded 2-core machine

  @TempDir Path dir;

  @Test
  void servesOnTheServerPortFromTheEnvironmentAndAnswersItsPortAndPid() throws Exception {
    int port = freePort();
    Path log = dir.resolve("app.log");
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SpringHelloApp.class.getName()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    Process app = pb.start();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> root = getWhenUp(client, app, "http://127.0.0.1:" + port + "/", log);
      HttpResponse<String> health = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(root.statusCode()).isEqualTo(200);
      assertThat(root.body()).isEqualTo("hello from spring-hello (pid " + app.pid() + ", port " + port + ")\n");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok\n");

      app.toHandle().destroy(); // SIGTERM, as corral's stop
      assertThat(app.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    } finally {
      app.destroyForcibly();
    }
  }

  private static HttpResponse<String> getWhenUp(HttpClient client, Process app, String url, Path log)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build();
    while (System.nanoTime() < deadline) {
      if (!app.isAlive()) {
        throw new AssertionError("spring-hello exited with " + app.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (java.net.ConnectException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("spring-hello did not answer on " + url + " within " + WAIT + ":\n"
        + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
