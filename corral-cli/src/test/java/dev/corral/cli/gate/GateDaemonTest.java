package dev.corral.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.cli.CorralMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code corral gate -d} and {@code daemon on;} with real processes: the parent returns once the detached daemon
 * serves (or reports why it could not), the pid file names the daemon, and {@code -s quit} ends it.
 */
class GateDaemonTest {
  @TempDir Path prefix;
  private int port;

  @AfterEach
  void killLeftoverDaemon() throws IOException {
    daemonPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
  }

  private Optional<Long> daemonPid() throws IOException {
    Path pid = prefix.resolve("logs/gate.pid");
    return Files.exists(pid) ? Optional.of(Long.parseLong(Files.readString(pid).trim())) : Optional.empty();
  }

  private void config(String text) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(prefix.resolve("conf"));
    Files.writeString(prefix.resolve("conf/gate.conf"), text.replace("PORT", Integer.toString(port)));
  }

  /** Runs {@code corral gate ARGS} in a new JVM and returns its exit code; its output goes to {@code output}. */
  private int corralGate(StringBuilder output, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
        CorralMain.class.getName(), "gate", "-p", prefix.toString()));
    command.addAll(List.of(args));
    Process parent = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean exited = parent.waitFor(90, TimeUnit.SECONDS);
    output.append(new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertThat(exited).as("the parent returns: " + output).isTrue();
    return parent.exitValue();
  }

  private int runInProcess(StringWriter err, String... args) {
    CommandLine cli = CorralMain.newCommandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void dashDDetachesWritesThePidFileAndQuitsOnDashSQuit() throws Exception {
    config("http { access_log off; server { listen 127.0.0.1:PORT; location / { return 200 daemon; } } }");
    StringBuilder output = new StringBuilder();
    assertThat(corralGate(output, "-d")).as(output.toString()).isZero();

    long pid = daemonPid().orElseThrow(() -> new AssertionError("no pid file; parent said: " + output));
    ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
    assertThat(daemon.parent().map(ProcessHandle::pid).orElse(-1L)).isNotEqualTo(ProcessHandle.current().pid());
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("daemon");

    StringWriter err = new StringWriter();
    assertThat(runInProcess(err, "gate", "-p", prefix.toString(), "-s", "quit")).as(err.toString()).isZero();
    daemon.onExit().get(60, TimeUnit.SECONDS);
    assertThat(daemon.isAlive()).isFalse();
    assertThat(prefix.resolve("logs/gate.pid")).doesNotExist();
  }

  @Test
  void daemonOnThatCannotBindIsReportedByTheParentWithExitOne() throws Exception {
    config("http { access_log off; server { listen 127.0.0.1:PORT; location / { return 200 x; } } }");
    try (ServerSocket taken = new ServerSocket(port, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      StringBuilder output = new StringBuilder();
      assertThat(corralGate(output, "-g", "daemon on;")).isEqualTo(1);
      assertThat(output.toString()).contains("[emerg] bind() to 127.0.0.1:" + port + " failed (98: Address already in use)")
          .contains("the daemon exited with status 1 before it was ready");
    }
    assertThat(prefix.resolve("logs/gate.pid")).doesNotExist();
  }

  @Test
  void invalidConfigurationIsReportedBeforeAnyDaemonStarts() throws Exception {
    config("daemon on;\nhttp { bogus; }\n");
    StringBuilder output = new StringBuilder();
    assertThat(corralGate(output)).isEqualTo(1);
    assertThat(output.toString()).contains("[emerg] unknown directive \"bogus\" in ").contains("gate.conf:2")
        .doesNotContain("daemon exited");
  }
}
