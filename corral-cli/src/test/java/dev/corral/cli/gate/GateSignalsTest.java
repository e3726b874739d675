package dev.corral.cli.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.cli.CorralMain;
import dev.corral.gate.GateSignals;
import dev.corral.gate.SignalAck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real signal handlers of a {@code corral gate} process, started as {@code bin/corral} starts it (signals
 * blocked by {@code env --block-signal}, {@code -Xrs}, the attach listener on) or with the JVM's own signal
 * handling, and under {@code nohup}'s ignored HUP: each signal does what nginx's master does with it, and
 * {@code -s} reports whether the gate acted.
 */
class GateSignalsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path prefix;
  private int port;
  private Process gate;
  private final StringBuilder gateOutput = new StringBuilder();

  @AfterEach
  void killGate() {
    if (gate != null) {
      gate.destroyForcibly();
    }
  }

  private enum Launch { NATIVE, JVM }

  private Path config(String locationBody) throws IOException {
    if (port == 0) {
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
    }
    Files.createDirectories(prefix.resolve("conf"));
    Path conf = prefix.resolve("conf/gate.conf");
    Files.writeString(conf, "error_log logs/error.log info;\nhttp { access_log logs/access.log; server { listen "
        + "127.0.0.1:" + port + "; " + locationBody + " } }\n");
    return conf;
  }

  /** Starts the gate in the foreground and returns once its pid file names it (written after it bound). */
  private long start(Launch launch, boolean hupIgnored) throws Exception {
    List<String> command = new ArrayList<>();
    if (hupIgnored) {
      command.addAll(List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
    }
    if (launch == Launch.NATIVE) {
      command.addAll(List.of("env", "--block-signal=" + String.join(",", GateSignals.NATIVE)));
    }
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (launch == Launch.NATIVE) {
      command.addAll(List.of("-Xrs", "-XX:+StartAttachListener"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CorralMain.class.getName(), "gate", "-p",
        prefix.toString()));
    gate = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread.ofVirtual().start(() -> drain(gate.getInputStream()));
    Path pidFile = prefix.resolve("logs/gate.pid");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
      assertThat(gate.isAlive()).as("the gate runs: " + gateOutput).isTrue();
      assertThat(System.nanoTime() - deadline).as("pid file written in time").isNegative();
      Thread.sleep(20);
    }
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  private void drain(InputStream in) {
    try (in) {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (gateOutput) {
          gateOutput.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static void kill(String signal, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
  }

  /** Waits for the gate's acknowledgement number {@code sequence} and returns its state. */
  private String awaitAck(long sequence) throws Exception {
    Path ack = SignalAck.fileFor(prefix.resolve("logs/gate.pid"));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      var entry = SignalAck.read(ack).filter(e -> e.sequence() >= sequence && !e.state().equals("received"));
      if (entry.isPresent()) {
        return entry.get().state();
      }
      assertThat(System.nanoTime() - deadline).as("acknowledgement " + sequence + " in time").isNegative();
      Thread.sleep(20);
    }
  }

  private String get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private int dashS(StringWriter err, String command) {
    CommandLine cli = CorralMain.newCommandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute("gate", "-p", prefix.toString(), "-s", command);
  }

  private int awaitExit() throws Exception {
    assertThat(gate.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the gate exits: " + gateOutput).isTrue();
    return gate.exitValue();
  }

  @Test
  void quitSignalLetsTheInFlightRequestFinishThenExitsZero() throws Exception {
    CountDownLatch requestArrived = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> slowBackend(backend, requestArrived, answer));
      config("location / { proxy_pass http://127.0.0.1:" + backend.getLocalPort() + "; }");
      long pid = start(Launch.NATIVE, false);
      CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> {
        try {
          return get("/slow");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(requestArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      kill("QUIT", pid);
      assertThat(awaitAck(1)).isEqualTo("done");
      answer.countDown();

      assertThat(inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("finished");
      assertThat(awaitExit()).isZero();
      assertThat(gateOutput.toString()).doesNotContain("Full thread dump");
      assertThat(prefix.resolve("logs/gate.pid")).doesNotExist();
    }
  }

  /** Answers one request once {@code answer} opens. */
  private static void slowBackend(ServerSocket backend, CountDownLatch arrived, CountDownLatch answer) {
    try (Socket s = backend.accept()) {
      InputStream in = s.getInputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      arrived.countDown();
      answer.await();
      OutputStream out = s.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nfinished".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      in.read(); // until the gate closes its idle connection at exit
    } catch (IOException | InterruptedException e) {
      // the test ended
    }
  }

  @Test
  void hangupReloadsTheConfiguration() throws Exception {
    config("location / { return 200 one; }");
    long pid = start(Launch.NATIVE, false);
    assertThat(get("/")).isEqualTo("one");

    config("location / { return 200 two; }");
    kill("HUP", pid);

    assertThat(awaitAck(1)).isEqualTo("done");
    assertThat(get("/")).isEqualTo("two");
  }

  @Test
  void userSignalOneReopensTheAccessLog() throws Exception {
    config("location / { return 200 one; }");
    long pid = start(Launch.NATIVE, false);
    Path log = prefix.resolve("logs/access.log");
    Path rotated = prefix.resolve("logs/access.log.1");
    assertThat(get("/before")).isEqualTo("one");
    Files.move(log, rotated);

    kill("USR1", pid);
    assertThat(awaitAck(1)).isEqualTo("done");
    assertThat(get("/after")).isEqualTo("one");

    assertThat(Files.readString(log)).contains("GET /after ").doesNotContain("/before");
    assertThat(Files.readString(rotated)).contains("GET /before ").doesNotContain("/after");
  }

  @Test
  void terminateAndInterruptStopAndWinchQuits() throws Exception {
    config("location / { return 200 one; }");
    for (String signal : List.of("TERM", "INT", "WINCH")) {
      long pid = start(Launch.NATIVE, false);
      kill(signal, pid);
      assertThat(awaitExit()).as(signal).isZero();
      assertThat(SignalAck.read(SignalAck.fileFor(prefix.resolve("logs/gate.pid")))).get()
          .extracting(SignalAck.Entry::signal).isEqualTo(signal);
    }
  }

  @Test
  void jcmdThreadDumpLeavesTheGateServing() throws Exception {
    config("location / { return 200 one; }");
    long pid = start(Launch.NATIVE, false);
    Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
    Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true)
        .start();
    String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(dump.waitFor()).as(output).isZero();
    assertThat(output).contains("Full thread dump");
    assertThat(get("/")).isEqualTo("one");
    assertThat(gate.isAlive()).isTrue();
  }

  @Test
  void dashSReloadAppliesTheNewConfigurationUnderNohup() throws Exception {
    for (Launch launch : Launch.values()) {
      config("location / { return 200 one; }");
      start(launch, true);
      config("location / { return 200 two; }");
      StringWriter err = new StringWriter();

      assertThat(dashS(err, "reload")).as(launch + ": " + err).isZero();
      assertThat(get("/")).as(launch.toString()).isEqualTo("two");

      assertThat(dashS(err, "quit")).as(launch + ": " + err).isZero();
      assertThat(awaitExit()).isZero();
    }
  }

  @Test
  void dashSReloadThatTheGateCannotApplyExitsOne() throws Exception {
    config("location / { return 200 one; }");
    start(Launch.NATIVE, false);
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Files.writeString(prefix.resolve("conf/gate.conf"), "error_log logs/error.log info;\nhttp { server { "
          + "listen 127.0.0.1:" + taken.getLocalPort() + "; location / { return 200 two; } } }\n");
      StringWriter err = new StringWriter();

      assertThat(dashS(err, "reload")).isEqualTo(1);
      assertThat(err.toString()).contains("could not apply the new configuration");
      assertThat(get("/")).isEqualTo("one");
    }
  }

  @Test
  void dashSToAProcessThatIsNotAGateExitsOne() throws Exception {
    config("location / { return 200 one; }");
    Process notAGate = new ProcessBuilder("sh", "-c", "trap '' HUP; exec sleep 120").start();
    try {
      Files.createDirectories(prefix.resolve("logs"));
      Files.writeString(prefix.resolve("logs/gate.pid"), notAGate.pid() + "\n");
      StringWriter err = new StringWriter();

      assertThat(dashS(err, "reload")).isEqualTo(1);
      assertThat(err.toString()).contains("process " + notAGate.pid() + " did not acknowledge SIGHUP");
    } finally {
      notAGate.destroyForcibly();
    }
  }

  @Test
  void dashSToADeadPidExitsOne() throws Exception {
    config("location / { return 200 one; }");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.createDirectories(prefix.resolve("logs"));
    Files.writeString(prefix.resolve("logs/gate.pid"), gone.pid() + "\n");
    StringWriter err = new StringWriter();

    assertThat(dashS(err, "reload")).isEqualTo(1);
    assertThat(err.toString()).contains("No such process");
  }
}
