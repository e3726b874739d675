package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/spring-hello, a real Spring Boot app with no Corral code, in cluster mode: two instances, each given
 * its own port through {@code SERVER_PORT}, answer through one port. The jar is built earlier in the reactor
 * (the root pom lists examples before corral-cli).
 */
class SpringHelloClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(180); // two Spring Boots on a loaded 2-core machine
  private static final Pattern PORT = Pattern.compile("port (\\d+)\\)");

  @TempDir Path dir;

  @Test
  void twoInstancesOnTheirOwnPortsAnswerThroughOnePort() throws Exception {
    Path jar = Path.of("../examples/spring-hello/target/spring-hello.jar").toAbsolutePath().normalize();
    if (!"true".equals(System.getenv("CI"))) {
      assumeThat(Files.exists(jar)).as("%s is built by the reactor (mvn -B verify from the root)", jar).isTrue();
    }
    assertThat(jar).as("spring-hello's jar, built earlier in the reactor").exists();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (Cli cli = new Cli(dir)) {
      Path file = cli.work.resolve("spring.yaml");
      Files.writeString(file, """
          apps:
            - name: spring
              jar: %s
              jvm_args: [-XX:+UseSerialGC, -Xmx256m]
              exec_mode: cluster
              instances: 2
              port: %d
              health_url: /health
              listen_timeout: 150s
          """.formatted(jar, port));
      cli.ok("start", file.toString());
      HttpClient client = HttpClient.newHttpClient();
      Set<String> ports = new HashSet<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (ports.size() < 2 && System.nanoTime() < deadline) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Matcher m = PORT.matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        ports.add(m.group(1));
      }
      assertThat(ports).hasSize(2).doesNotContain(Integer.toString(port));
    }
  }
}
