package dev.corral.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot app in corral's cluster mode with no code change: the real {@code corral} jar (built earlier in
 * the reactor), a real daemon and gate, two instances, each given its own port through {@code SERVER_PORT}.
 */
class SpringHelloClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(180); // two Spring Boots on a loaded 2-core machine
  private static final Pattern PORT = Pattern.compile("port (\\d+)\\)");

  @TempDir Path dir;

  @Test
  void twoInstancesOnTheirOwnPortsAnswerThroughOnePort() throws Exception {
    Path jar = Path.of(System.getProperty("corral.jar", "../../corral-cli/target/corral.jar"));
    boolean ci = "true".equals(System.getenv("CI"));
    if (!ci) {
      assumeThat(Files.exists(jar)).as("%s is built by the reactor (mvn -B verify from the root)", jar).isTrue();
    }
    assertThat(jar).as("the corral jar, built earlier in the reactor").exists();
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path yaml = dir.resolve("spring.json");
    Files.writeString(yaml, """
        {"apps": [{"name": "spring", "command": ["%s", "-XX:+UseSerialGC", "-Xmx256m", "-cp", "%s", "%s"],
          "exec_mode": "cluster", "instances": 2, "port": %d, "health_url": "/health", "listen_timeout": "150s"}]}
        """.formatted(java, System.getProperty("java.class.path"), SpringHelloApp.class.getName(), port));
    List<String> cli = List.of(java, "-jar", jar.toString());
    try {
      run(cli, "start", yaml.toString());
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
    } finally {
      run(cli, "kill");
    }
  }

  private String run(List<String> cli, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(cli);
    argv.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".txt");
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("CORRAL_HOME", dir.resolve("home").toString());
    Process p = pb.start();
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("corral " + String.join(" ", args) + " did not finish: " + Files.readString(out));
    }
    String text = Files.readString(out);
    assertThat(p.exitValue()).as("corral %s: %s", String.join(" ", args), text).isZero();
    return text;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
